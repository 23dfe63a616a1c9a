// Job ids are chosen here, before restore:start is sent, so every event of a job is recognised from its
// first one on. A preview job (a region, restored into a temporary file) is remembered as one: its
// events never mark the photo restored nor add a result to compare, whichever view started it.
const previews = new Set<string>();

/** A fresh job id; `preview` jobs are remembered as previews for as long as the page lives. */
export function newJobId(kind: 'preview' | 'result'): string {
  const id = crypto.randomUUID();
  if (kind === 'preview') previews.add(id);
  return id;
}

export function isPreviewJob(jobId: string): boolean {
  return previews.has(jobId);
}
