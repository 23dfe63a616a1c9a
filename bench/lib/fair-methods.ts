// The methods the fair comparison runs on the dev lists (bench/fair-peers.ts): the whole DVAR pipeline
// beside the strongest simple baselines built from the same parts, each through the same guard code.
//   (a) `restorer`: the pack's restorer alone, nothing after it;
//   (b) `restorer-guard`: the pack's restorer, then the pack's wavelet guard at the depth that scores best
//       for that row on dev lists 1 and 2 (chosen by the bench, never on list 3);
//   (c) `x4plus-guard`: Real-ESRGAN x4plus float32 (onnxruntime), then the same guard at the same depth;
//   `dvar`: the pack as shipped (CLI defaults), and its token ablations.
// Detail sweeps (`…@d<detail>`) trace each method's perception–distortion curve with the one control
// both share: the engine's detail strength (below 1 a blend towards bicubic, above 1 the luma detail gain).
import type { DvarEngine, FloatImage, RestoreOptions } from '../../electron/engine/index.ts';
import { applyFidelityGuard } from '../../electron/engine/pipeline/fidelity-guard.ts';
import { applyDetailStrength } from '../../electron/engine/pipeline/detail-strength.ts';
import { resizePlanar } from '../../electron/engine/pipeline/resample.ts';
import type { PeerUpscaler } from '../peers/upscalerjs.ts';
import type { DevMethod } from './dev-set.ts';

export const DETAIL_SWEEP = [0.5, 1, 1.25, 1.5] as const;
export const GUARD_DEPTHS = [3, 4, 5, 6] as const;

export const withDetail = (name: string, detail: number) => (detail === 1 ? name : `${name}@d${detail}`);

export function engineMethod(engine: DvarEngine, name: string, options: RestoreOptions): DevMethod {
  return { name, run: async (lq: FloatImage) => (await engine.restore(lq, { previewMaxSide: 0, ...options })).image };
}

/** (b) at a guard depth, with the detail strength applied before the guard as the engine does. */
export const restorerGuard = (engine: DvarEngine, levels: number, detail = 1): DevMethod =>
  engineMethod(engine, withDetail(`restorer-guard${levels}`, detail), { stages: 'restorer', fidelityGuard: 'wavelet', guardLevels: levels, detail });

/** (c): a peer's ×4 output through the engine's own wavelet guard against the bicubic-upsampled input. */
export function peerWithGuard(peer: PeerUpscaler, name: string, levels: number, detail = 1): DevMethod {
  return {
    name: withDetail(name, detail),
    run: async (lq: FloatImage) => {
      const raw = await peer.upscale(lq);
      const out = detail === 1 ? raw : applyDetailStrength(raw, lq, detail);
      const reference = resizePlanar(lq.data, 3, lq.height, lq.width, out.height, out.width, 'bicubic');
      return applyFidelityGuard('wavelet', out, { ...out, data: reference }, levels);
    },
  };
}

/** Every method of the comparison, once the guard depth of (b) and (c) is chosen. */
export function fairMethods(engine: DvarEngine, x4plus: PeerUpscaler | null, levels: number): DevMethod[] {
  return [
    engineMethod(engine, 'restorer', { stages: 'restorer', fidelityGuard: 'off' }),
    ...DETAIL_SWEEP.map((d) => restorerGuard(engine, levels, d)),
    ...(x4plus ? [peerWithGuard(x4plus, `x4plus-guard${levels}`, levels)] : []),
    ...DETAIL_SWEEP.map((d) => engineMethod(engine, withDetail('dvar', d), { detail: d })),
    engineMethod(engine, 'dvar-tokens-encoder', { tokens: 'encoder' }),
    engineMethod(engine, 'dvar-tokens-none', { tokens: 'none' }),
  ];
}
