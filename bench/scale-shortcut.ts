// ×2 and ×3 two ways, on the dev pairs: today's restore at ×4 then lanczos3 down to the asked size,
// against restoring an input shrunk (lanczos3) by scale/4 so the ×4 restore lands on the asked size
// (a quarter of the work at ×2, 56 % at ×3), and plain lanczos3 of the input for scale. The reference
// is the HR image resampled (lanczos3) to the asked size; PSNR-Y/SSIM-Y come from the training metrics
// (dvar.train.evaluate). Prints a markdown table and writes bench/results/scale-shortcut.{md,json}.
//   npx tsx bench/scale-shortcut.ts [--pack DIR] [--pairs N] [--threads N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DvarEngine, DEFAULT_PACK_DIR, type FloatImage } from '../electron/engine/index.ts';
import { resampleImage, scaledSize } from '../electron/image-files/resample-output.ts';
import { REPO_ROOT } from '../test/helpers/fixtures.ts';
import { readPng, writePng } from './lib/images.ts';

const { values } = parseArgs({ options: { pack: { type: 'string' }, pairs: { type: 'string' }, threads: { type: 'string' } } });
const pack = values.pack ?? DEFAULT_PACK_DIR;
const perFolder = Number(values.pairs ?? 6);
const FOLDERS = ['dev-images/realesrgan', 'dev-images/bicubic', 'dev-images-2/realesrgan', 'dev-images-2/bicubic'];
const SCALES = [2, 3];

const engine = await DvarEngine.open(pack, { threads: Number(values.threads ?? 2) });
const out = mkdtempSync(join(tmpdir(), 'dvar-scale-shortcut-'));
const seconds: Record<string, number> = {};
const time = async <T>(key: string, work: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  const result = await work();
  seconds[key] = (seconds[key] ?? 0) + (performance.now() - started) / 1000;
  return result;
};
const restore = async (lq: FloatImage) => (await engine.restore(lq, { previewMaxSide: 0 })).image;

for (const folder of FOLDERS) {
  const dir = join(REPO_ROOT, 'models', 'runs', folder);
  const ids = readdirSync(dir)
    .filter((n) => n.endsWith('-lq.png'))
    .map((n) => n.slice(0, 3))
    .sort()
    .slice(0, perFolder);
  for (const id of ids) {
    const lq = await readPng(join(dir, `${id}-lq.png`));
    const hq = await readPng(join(dir, `${id}-hq.png`));
    const x4 = await time('x4', () => restore(lq));
    const name = `${folder.replace('/', '-')}-${id}`;
    for (const s of SCALES) {
      const size = scaledSize(lq, s);
      await writePng(join(out, `${name}-x${s}-ref.png`), await resampleImage(hq, size));
      await writePng(join(out, `${name}-x${s}-today.png`), await time(`x${s}-today-resample`, () => resampleImage(x4, size)));
      await writePng(join(out, `${name}-x${s}-lanczos.png`), await resampleImage(lq, size));
      const shrunk = await resampleImage(lq, { width: Math.ceil(size.width / 4), height: Math.ceil(size.height / 4) });
      const restored = await time(`x${s}-shrunk`, () => restore(shrunk));
      await writePng(join(out, `${name}-x${s}-shrunk.png`), await resampleImage(restored, size));
    }
  }
}
await engine.close();

const script = `
import json, sys, pathlib
import numpy as np, torch
from PIL import Image
from dvar.train.evaluate import psnr_y, ssim_y
def load(p):
    return torch.from_numpy(np.asarray(Image.open(p).convert("RGB"), dtype=np.float32) / 255).permute(2, 0, 1)[None]
out = pathlib.Path(sys.argv[1]); rows = {}
for ref in sorted(out.glob("*-ref.png")):
    stem = ref.name[:-len("-ref.png")]
    for method in ("today", "shrunk", "lanczos"):
        o = load(out / f"{stem}-{method}.png"); r = load(ref)
        rows.setdefault(stem.split("-x")[-1] + "|" + method, []).append((psnr_y(o, r), ssim_y(o, r)))
print(json.dumps({k: [float(np.mean([a for a, _ in v])), float(np.mean([b for _, b in v])), len(v)] for k, v in rows.items()}))
`;
writeFileSync(join(out, 'score.py'), script);
const scored = spawnSync(join(REPO_ROOT, '.venv', 'bin', 'python'), [join(out, 'score.py'), out], {
  cwd: join(REPO_ROOT, 'models'),
  encoding: 'utf8',
  env: { ...process.env, PYTHONPATH: join(REPO_ROOT, 'models') },
});
if (scored.status !== 0) throw new Error(`Scoring failed: ${scored.stderr}`);
const scores = JSON.parse(scored.stdout.trim().split('\n').at(-1)!) as Record<string, [number, number, number]>;
rmSync(out, { recursive: true, force: true });

const lines = [
  `Pack ${pack}, ${perFolder} pairs from each of ${FOLDERS.join(', ')}; restore seconds summed over the pairs.`,
  '| scale | method | PSNR-Y | SSIM-Y | pairs | restore s |',
  '|---|---|---|---|---|---|',
];
for (const s of SCALES) {
  for (const method of ['today', 'shrunk', 'lanczos'] as const) {
    const [psnr, ssim, n] = scores[`${s}|${method}`]!;
    const secs = { today: seconds.x4!, shrunk: seconds[`x${s}-shrunk`]!, lanczos: 0 }[method];
    const label = { today: '×4 restore, lanczos3 down', shrunk: `input shrunk ×${s / 4}, ×4 restore`, lanczos: 'input lanczos3 up (no model)' }[method];
    lines.push(`| ×${s} | ${label} | ${psnr.toFixed(2)} | ${ssim.toFixed(4)} | ${n} | ${secs.toFixed(1)} |`);
  }
}
console.log(lines.join('\n'));
writeFileSync(join(REPO_ROOT, 'bench', 'results', 'scale-shortcut.md'), `Generated by \`npx tsx bench/scale-shortcut.ts\`.\n\n${lines.join('\n')}\n`);
writeFileSync(
  join(REPO_ROOT, 'bench', 'results', 'scale-shortcut.json'),
  JSON.stringify({ pack, perFolder, folders: FOLDERS, scores, seconds }, null, 2) + '\n',
);
