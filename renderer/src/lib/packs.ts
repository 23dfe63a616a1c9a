// What Settings shows about model packs, apart from the Svelte markup: which listed pack is in use,
// and the credit line of a pack's restoration branch.
import type { PackInfo } from '../../../electron/ipc/contract.ts';

/**
 * The listed pack that Settings' `packDir` chooses: null is the default, a bundled pack's name that
 * pack (its `ref`); a full path matches by folder, so a bundled pack chosen by path before bundled
 * packs had names is still shown as chosen.
 */
export function selectedPack(packs: readonly PackInfo[], packDir: string | null | undefined): PackInfo | null {
  const dir = packDir ?? null;
  return packs.find((pack) => pack.ref === dir) ?? (dir === null ? null : (packs.find((pack) => pack.dir === dir) ?? null));
}

/** "Includes Real-ESRGAN x4plus — <credit>, licence BSD-3-Clause", or null for a pack without a restorer. */
export function restorerCredit(pack: Pick<PackInfo, 'restorer'>): string | null {
  const { restorer } = pack;
  return restorer ? `Includes ${restorer.name} — ${restorer.credit}, licence ${restorer.licence}` : null;
}
