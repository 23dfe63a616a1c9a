// Whether a path lies inside a folder, by the paths alone (callers resolve links first where a link
// must not lead out). Used where outputs are checked against a root (distributed/job-guard.ts) and named
// relative to one (app/results-archive.ts).
import { isAbsolute, relative, sep } from 'node:path';

/** True when `path` is below `folder`; with `orSame`, also when it is `folder` itself. */
export function isInsideFolder(folder: string, path: string, { orSame = false } = {}): boolean {
  const rel = relative(folder, path);
  if (rel === '') return orSame;
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
