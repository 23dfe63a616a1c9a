// Opening a link in the user's browser, after asking. Page content can call window.open with any
// address; a confirmation that shows the address means a compromised or tricked renderer cannot send
// the user to a site without them seeing where. Plain logic with the dialog and the browser passed
// in, so it is tested without Electron (test/main/external-links.test.ts).
import { externalLinkTarget } from './security.ts';

export interface LinkConfirmOptions {
  type: 'question';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  noLink: true;
}

export interface ExternalLinkDeps {
  /** dialog.showMessageBox over the window; resolves with the index of the button pressed. */
  confirm(options: LinkConfirmOptions): Promise<{ response: number }>;
  /** shell.openExternal */
  open(url: string): Promise<void>;
}

export type ExternalLinkOutcome = 'opened' | 'declined' | 'blocked';

const OPEN_BUTTON = 0;
const CANCEL_BUTTON = 1;

/** The question for `href` (already normalised by URL: a look-alike host shows as its xn-- form). */
export function linkConfirmOptions(href: string): LinkConfirmOptions {
  return {
    type: 'question',
    title: 'Open link',
    message: `Open ${new URL(href).host} in your browser?`,
    detail: href,
    buttons: ['Open in browser', 'Cancel'],
    // Enter and Escape both keep the user in the app.
    defaultId: CANCEL_BUTTON,
    cancelId: CANCEL_BUTTON,
    noLink: true,
  };
}

/**
 * Opens `url` in the browser only if it is an https address (externalLinkTarget) and the user chose
 * "Open in browser" in a dialog naming it. Anything else is never shown to the user and never opened.
 */
export async function openExternalLink(url: string, deps: ExternalLinkDeps): Promise<ExternalLinkOutcome> {
  const href = externalLinkTarget(url);
  if (href === null) return 'blocked';
  const { response } = await deps.confirm(linkConfirmOptions(href));
  if (response !== OPEN_BUTTON) return 'declined';
  await deps.open(href);
  return 'opened';
}
