// The fidelity guard as the engine applies it (restore.ts: bicubic reference from resample.ts, then
// fidelity-guard.ts) matches its PyTorch twin (models/dvar/model/fidelity.py) for every guard and level count
// the packs use. Vectors: models/dvar/pack/make_guard_parity.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFidelityGuard } from '../../../electron/engine/pipeline/fidelity-guard.ts';
import { resizePlanar } from '../../../electron/engine/pipeline/resample.ts';
import { decodeImage, maxAbsDiff, readParityFile } from '../../helpers/fixtures.ts';
import { fidelityGuardParity } from '../../helpers/parity-files.ts';

const parity = readParityFile('fidelity-guard', fidelityGuardParity);
const lq = decodeImage(parity.lq);
const restored = decodeImage(parity.restored);

for (const { guard, levels, expected } of parity.cases) {
  test(`${guard} guard with ${levels} levels matches PyTorch`, () => {
    const reference = resizePlanar(lq.data, 3, lq.height, lq.width, restored.height, restored.width, 'bicubic');
    const out = applyFidelityGuard(guard, restored, { ...restored, data: reference }, levels);
    const diff = maxAbsDiff(out.data, decodeImage({ ...parity.restored, data: expected }).data);
    assert.ok(diff <= parity.tolerance, `max difference ${diff} exceeds ${parity.tolerance}`);
  });
}
