// Which speed rows are which DVAR pack: the pack under test is `dvar (<pack name>)`, the row the issue
// targets judge; the previous default pack, timed beside it for comparison, is `dvar-fast` and is
// never judged.
import type { SpeedCell } from '../sections/speed.ts';

export const FAST_PACK_METHOD = 'dvar-fast';

export const isPackUnderTest = (c: SpeedCell): boolean => c.method.startsWith('dvar (');
