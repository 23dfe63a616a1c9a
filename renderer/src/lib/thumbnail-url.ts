// Small pictures of photos and results for queue rows and Files cards: the host makes them with sharp
// and keeps them in its data folder (files:thumbnail; never beside the photos), and answers with an
// address its own routes serve. A few are asked for at a time (Files cards, queue rows and the welcome
// share the slots), so a long list does not ask for all at once.
import pLimit from 'p-limit';
import { api } from './api.ts';

const slot = pLimit(3);

/** The address of `path`'s thumbnail, at most `maxSide` pixels on its longer side. */
export async function thumbnailUrl(path: string, maxSide: number): Promise<string> {
  const { url } = await slot(() => api.invoke('files:thumbnail', { path, maxSide }));
  return url;
}
