// Fits a restorer pack's decoder band weights (manifest `restorer.detailBandWeights`) on dev lists 1 and 2
// and writes the pack with them: the recipe of the default pack's band fusion.
//   1. the pack's restorer alone and its decoder's image before any transfer (both unguarded), for every
//      pair of lists 1–2 (copied to models/runs/band-fit/), as NNN-fit-restored.png / NNN-fit-decoded.png;
//   2. `python -m dvar.restorer.band_fit` fits the weights by least squares (list 3 is never read);
//   3. --out gets a copy of the pack whose manifest uses the weights (luma detail gain off, detail levels 0).
//   npx tsx bench/band-fit.ts [--pack DIR] --out DIR [--version V] [--levels 6] [--threads 2]
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PACK_DIR, DvarEngine } from '../electron/engine/index.ts';
import { REPO_ROOT } from '../test/helpers/fixtures.ts';
import { DEGRADATIONS, writeMethodOutputs } from './lib/dev-set.ts';
import { DEV_LISTS } from './lib/dev-lists.ts';
import { engineMethod } from './lib/fair-methods.ts';
import { runPython } from './lib/subprocess.ts';

const { values } = parseArgs({
  options: {
    pack: { type: 'string', default: DEFAULT_PACK_DIR },
    out: { type: 'string' },
    version: { type: 'string' },
    levels: { type: 'string', default: '6' },
    threads: { type: 'string', default: '2' },
  },
});
if (!values.out) throw new Error('Give the folder of the new pack: --out DIR.');
const threads = Number(values.threads);

/** A copy of `from` whose manifest is `edit`ed (graphs copied: packs refuse links out of their folder). */
type ManifestJson = { version?: string; restorer: Record<string, unknown> };
function packCopy(from: string, to: string, edit: (m: ManifestJson) => void): void {
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(from)) if (f !== 'manifest.json') copyFileSync(join(from, f), join(to, f));
  const manifest = JSON.parse(readFileSync(join(from, 'manifest.json'), 'utf8')) as ManifestJson;
  edit(manifest);
  writeFileSync(join(to, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}

const raw = mkdtempSync(join(tmpdir(), 'dvar-band-fit-'));
packCopy(values.pack, raw, (m) => Object.assign(m.restorer, { detailLevels: 0, lumaDetailGain: null, detailBandWeights: null }));
const [pack, decoderOnly] = [await DvarEngine.open(values.pack, { threads }), await DvarEngine.open(raw, { threads })];
const methods = [
  engineMethod(pack, 'fit-restored', { stages: 'restorer', fidelityGuard: 'off' }),
  engineMethod(decoderOnly, 'fit-decoded', { fidelityGuard: 'off' }),
];
const folders: string[] = [];
for (const list of DEV_LISTS.filter((l) => l.id !== 'dev3')) {
  // The pairs are copied to a folder of their own, so the bench's folders (scored whole) stay as they are.
  const pairs = join(REPO_ROOT, 'models', 'runs', list.folder);
  const dir = join(REPO_ROOT, 'models', 'runs', 'band-fit', list.folder);
  for (const d of DEGRADATIONS) {
    mkdirSync(join(dir, d), { recursive: true });
    for (const f of readdirSync(join(pairs, d)).filter((n) => /^\d{3}-(lq|hq|bicubic)\.png$/.test(n))) copyFileSync(join(pairs, d, f), join(dir, d, f));
  }
  await writeMethodOutputs(dir, methods, (m) => console.log(`${list.id}: ${m}`));
  folders.push(...DEGRADATIONS.map((d) => join(dir, d)));
}
await pack.close();
await decoderOnly.close();
rmSync(raw, { recursive: true });

const weights = JSON.parse((await runPython('dvar.restorer.band_fit', [...folders, '--levels', values.levels])).trim().split('\n').at(-1)!) as number[];
console.log(`detailBandWeights ${JSON.stringify(weights)}`);
packCopy(values.pack, values.out, (m) => {
  Object.assign(m.restorer, { detailLevels: 0, lumaDetailGain: null, detailBandWeights: weights });
  if (values.version) m.version = values.version;
});
console.log(`wrote ${values.out}`);
