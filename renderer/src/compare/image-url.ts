// The URL under which the host shows a photo or output. After a reload or a host restart the host no
// longer knows the files the page remembers, so a refused path is opened again (the host probes it
// once more) before giving up: a file that is gone comes back as null.
import { api } from '../lib/api.ts';

export async function imageUrlOf(path: string): Promise<string | null> {
  try {
    return (await api.invoke('files:image-url', { path })).url;
  } catch {
    const opened = await api.invoke('files:add', { paths: [path], recursive: false }).catch(() => null);
    if (!opened?.files.length) return null;
    return (await api.invoke('files:image-url', { path: opened.files[0]!.path }).catch(() => null))?.url ?? null;
  }
}
