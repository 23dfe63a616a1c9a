// Job ids are chosen here, before restore:start is sent, so every event of a job is recognised from its
// first one on. A preview job (a region, restored into a temporary file) is remembered as one: its
// events never mark the photo restored nor add a result to compare, whichever view started it.
const previews = new Set<string>();

/**
 * A random UUID (version 4). crypto.randomUUID exists only in secure contexts, and a page opened from a
 * web host on another machine (`--host`, plain http) is not one; getRandomValues exists everywhere.
 */
export function randomUuid(source: Pick<Crypto, 'getRandomValues'> & { randomUUID?: () => string } = crypto): string {
  if (typeof source.randomUUID === 'function') return source.randomUUID();
  const bytes = source.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A fresh job id; `preview` jobs are remembered as previews for as long as the page lives. */
export function newJobId(kind: 'preview' | 'result'): string {
  const id = randomUuid();
  if (kind === 'preview') previews.add(id);
  return id;
}

export function isPreviewJob(jobId: string): boolean {
  return previews.has(jobId);
}
