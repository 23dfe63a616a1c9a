// A target's verdict. Smoke runs use tiny sizes and synthetic pairs, so they judge nothing.
import type { Target } from './types.ts';

export function judge(ok: boolean | undefined, smoke: boolean): Target['status'] {
  return smoke || ok === undefined ? 'n/a' : ok ? 'PASS' : 'MISS';
}
