// The Files view's first-launch welcome: shown while no photo is open or queued and it was never put
// away. It is put away for good by its Dismiss button or by the first photo opened or queued, however
// that came (the sample, the path box, a drop, an upload, Batch); the host keeps that in the settings
// (`welcomeDismissed`), so every window and every later launch agree, and clearing the list later does
// not bring it back.
import { untrack } from 'svelte';
import { files } from './files.svelte.ts';
import { queue } from './queue.svelte.ts';
import { settings } from './settings.svelte.ts';

class WelcomeState {
  /**
   * False until the settings and the queue are known and while remembered photos are being opened
   * again, so the welcome never flashes up before a list that is about to appear.
   */
  get shown(): boolean {
    const dismissed = settings.value?.welcomeDismissed ?? true;
    return !dismissed && queue.state !== null && queue.items.length === 0 && files.entries.length === 0 && !files.adding;
  }

  dismiss(): Promise<boolean> {
    return settings.update({ welcomeDismissed: true });
  }

  /** Call once while the app's root component initialises: the first photo ends the welcome. */
  endOnFirstPhoto(): void {
    $effect(() => {
      const some = files.entries.length > 0 || queue.items.length > 0;
      if (some && settings.value?.welcomeDismissed === false) untrack(() => void this.dismiss());
    });
  }
}

export const welcome = new WelcomeState();
