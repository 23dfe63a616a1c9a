// Moving files between the browser and the web host, where the browser has no file paths: photos are
// uploaded (POST /upload) into the host's upload folder and then open like any other; outputs are
// downloaded (GET /download), all the queue's finished results at once as one zip (GET /download-all).
// Each carries the session token from this page; a restarted host has a new one, which a fresh copy of
// the page provides. The host checks each upload (electron/web-host/uploads.ts).
import type { FileEntry } from '../../../electron/ipc/contract.ts';
import { SESSION_TOKEN_META, SESSION_TOKEN_PARAM, sessionTokenFromHtml, withSessionToken } from '../../../electron/ipc/page-token.ts';

let token: string | null =
  document.querySelector<HTMLMetaElement>(`meta[name="${SESSION_TOKEN_META}"]`)?.content ?? new URLSearchParams(location.search).get(SESSION_TOKEN_PARAM);

async function freshToken(): Promise<string | null> {
  token = await fetch('/', { cache: 'no-store' })
    .then((page) => page.text())
    .then(sessionTokenFromHtml, () => null);
  return token;
}

export interface UploadResult {
  files: FileEntry[];
  errors: string[];
}

async function uploadOnce(file: File, current: string | null): Promise<Response> {
  const url = withSessionToken(`/upload?name=${encodeURIComponent(file.name)}`, current ?? '');
  return fetch(url, { method: 'POST', body: file, headers: { 'content-type': 'application/octet-stream' } });
}

/** Uploads one photo; the host answers with it opened, or with one sentence on why it was refused. */
export async function uploadPhoto(file: File): Promise<UploadResult> {
  let response = await uploadOnce(file, token).catch(() => null);
  if (response?.status === 401) response = await uploadOnce(file, await freshToken()).catch(() => null);
  if (!response) return { files: [], errors: [`${file.name} could not be sent: DVAR Studio is not reachable.`] };
  if (!response.ok) return { files: [], errors: [(await response.text()).trim() || `${file.name} was refused (${response.status}).`] };
  return (await response.json()) as UploadResult;
}

/**
 * Saves what `route` (a path with its query) answers through the browser's downloads, under the name
 * the host gives it: a HEAD first (a fresh token when the host restarted), so a refusal becomes a
 * sentence instead of a failed download. Null when it went, else why not; `missing` says a 404.
 */
async function saveThroughBrowser(route: string, missing: string, what: string): Promise<string | null> {
  let check = await fetch(withSessionToken(route, token ?? ''), { method: 'HEAD' }).catch(() => null);
  if (check?.status === 401) check = await fetch(withSessionToken(route, (await freshToken()) ?? ''), { method: 'HEAD' }).catch(() => null);
  if (!check) return 'DVAR Studio is not reachable; try again when it is back.';
  if (!check.ok) return check.status === 404 ? missing : `${what} could not be downloaded (${check.status}).`;
  const link = document.createElement('a');
  link.href = withSessionToken(route, token ?? '');
  link.download = '';
  link.click();
  return null;
}

/**
 * Saves `path` (an output the host wrote or a photo it opened) through the browser's downloads, under
 * its own name; null when it went, else why not.
 */
export function downloadFile(path: string): Promise<string | null> {
  return saveThroughBrowser(`/download?path=${encodeURIComponent(path)}`, `${path} is no longer there.`, path);
}

/** Saves every finished result of the batch queue as one zip (GET /download-all); null when it went, else why not. */
export function downloadAllResults(): Promise<string | null> {
  return saveThroughBrowser('/download-all', 'No photo in the queue has a finished result yet.', 'The results');
}
