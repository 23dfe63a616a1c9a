// Taking a result away from the browser host, where the browser has no file paths: Download saves it
// through the browser's downloads, Open shows it whole in a tab of its own. Problems become notices.
import { api } from './api.ts';
import { errorMessage } from './errors.ts';
import { downloadFile } from './web-transfer.ts';
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
