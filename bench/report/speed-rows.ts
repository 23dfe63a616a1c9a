// Which speed rows are which DVAR pack: the pack under test is `dvar (<pack name>)`, the row the issue
// targets judge; the previous default pack, timed beside it for comparison, is `dvar-fast` and is
// never judged. A restorer pack's restorer alone (the engine's `stages: 'restorer'`, same tiles, blending
// and guard) is timed beside it as `restorer alone (<pack name>)`: what the DVAR stages cost on top.
import type { SpeedCell } from '../sections/speed.ts';

export const FAST_PACK_METHOD = 'dvar-fast';

export const restorerAloneMethod = (packName: string): string => `restorer alone (${packName})`;

export const isPackUnderTest = (c: SpeedCell): boolean => c.method.startsWith('dvar (');
