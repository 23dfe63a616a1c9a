// Taking results away. From the browser host, where the browser has no file paths: Download saves one
// through the browser's downloads, Open shows it whole in a tab of its own. Download all, in both hosts,
// gives every finished result of the queue as one zip. Problems become notices.
import { api } from './api.ts';
import { errorMessage } from './errors.ts';
import { downloadAllResults as downloadAllThroughBrowser, downloadFile } from './web-transfer.ts';
import { notices } from '../state/notices.svelte.ts';

export async function downloadResult(path: string): Promise<void> {
  const problem = await downloadFile(path);
  if (problem) notices.push('error', problem);
}

export async function openResult(path: string): Promise<void> {
  // The tab is opened at once (a click's popup), then pointed at the image once the host has minted its URL.
  const tab = window.open('', '_blank');
  try {
    const { url } = await api.invoke('files:image-url', { path });
    if (tab) tab.location.href = new URL(url, location.href).href;
    else notices.push('error', 'The browser blocked the new tab; allow pop-ups for DVAR Studio, or use Download.');
  } catch (error) {
    tab?.close();
    notices.push('error', errorMessage(error));
  }
}

/**
 * Download all: every finished result of the queue as one zip. In the browser it comes through the
 * browser's downloads (GET /download-all); in the desktop app the host writes it where the user chooses
 * in a save dialog (results:save-zip), and a notice says where it went.
 */
export async function downloadAllResults(browser: boolean): Promise<void> {
  if (browser) {
    const problem = await downloadAllThroughBrowser();
    if (problem) notices.push('error', problem);
    return;
  }
  try {
    const saved = await api.invoke('results:save-zip', {});
    if (saved.path === null) return; // the dialog was cancelled
    const leftOut = saved.leftOut.length
      ? ` ${saved.leftOut.length} ${saved.leftOut.length === 1 ? 'result was' : 'results were'} no longer there and left out.`
      : '';
    notices.push(saved.leftOut.length ? 'warn' : 'info', `Saved ${saved.files} result${saved.files === 1 ? '' : 's'} in ${saved.path}.${leftOut}`);
  } catch (error) {
    notices.push('error', errorMessage(error));
  }
}
