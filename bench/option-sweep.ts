// Engine option sets side by side on the dev lists, scored like every quality table (PSNR-Y, SSIM-Y,
// sharpness, BRISQUE): for settings a pack could ship (guard depth, guardAuto, tokenResolution) before a
// full `bench/fair-peers.ts` run. Choose on lists 1–2; list 3 is held out and only reports.
//   npx tsx bench/option-sweep.ts --sets '{"v6":{},"g3":{"guardLevels":3}}' [--pack DIR] [--lists dev,dev2] [--name NAME] [--out bench/results]
// Outputs go to models/runs/option-sweep/<name>/<list>/; the table to <out>/<name>.md and .json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PACK_DIR, DvarEngine, type RestoreOptions } from '../electron/engine/index.ts';
import { REPO_ROOT } from '../test/helpers/fixtures.ts';
import { copyDevPairs, scoreDevSet, writeMethodOutputs, type Scores } from './lib/dev-set.ts';
import { DEV_LISTS, type DevListId } from './lib/dev-lists.ts';
import { engineMethod } from './lib/fair-methods.ts';

const { values } = parseArgs({
  options: {
    sets: { type: 'string' },
    pack: { type: 'string', default: DEFAULT_PACK_DIR },
    lists: { type: 'string', default: 'dev,dev2' },
    threads: { type: 'string', default: '2' },
    name: { type: 'string', default: 'option-sweep' },
    out: { type: 'string', default: join(REPO_ROOT, 'bench', 'results') },
  },
});
if (!values.sets) throw new Error('Give the option sets to compare with --sets \'{"name": {RestoreOptions}, ...}\'.');
const sets = JSON.parse(values.sets) as Record<string, RestoreOptions>;
const engine = await DvarEngine.open(values.pack, { threads: Number(values.threads) });
const methods = Object.entries(sets).map(([name, options]) => engineMethod(engine, name, options));
const scores: Partial<Record<DevListId, Scores>> = {};
for (const id of values.lists.split(',') as DevListId[]) {
  const list = DEV_LISTS.find((l) => l.id === id)!;
  const dir = join(REPO_ROOT, 'models', 'runs', 'option-sweep', values.name, list.folder);
  await copyDevPairs(join(REPO_ROOT, 'models', 'runs', list.folder), id, dir);
  await writeMethodOutputs(dir, methods, (m) => console.log(`${id}: ${m}`));
  scores[id] = await scoreDevSet(dir);
}
await engine.close();

const f = (v: number | undefined, digits: number) => (v === undefined ? '–' : v.toFixed(digits));
const lines = [
  `# Option sweep \`${values.name}\` (\`bench/option-sweep.ts\`)`,
  '',
  `${new Date().toISOString()} · pack ${engine.manifest.name} ${engine.manifest.version} · ${values.threads} threads`,
  '',
  ...Object.entries(sets).map(([name, options]) => `- \`${name}\`: \`${JSON.stringify(options)}\``),
  '',
  '| list | inputs | option set | PSNR-Y | SSIM-Y | sharpness | BRISQUE |',
  '|---|---|---|---|---|---|---|',
  ...Object.entries(scores).flatMap(([id, byDeg]) =>
    Object.entries(byDeg).flatMap(([deg, rows]) =>
      Object.keys(sets).map((name) => {
        const s = rows[name];
        return `| ${id}${id === 'dev3' ? ' (held out)' : ''} | ${deg === 'bicubic' ? 'clean ↓4' : 'real-degraded'} | ${name} | ${f(s?.psnr_y, 2)} | ${f(s?.ssim_y, 4)} | ${f(s?.sharpness, 3)} | ${f(s?.brisque, 1)} |`;
      }),
    ),
  ),
  '',
];
writeFileSync(
  join(values.out, `${values.name}.json`),
  JSON.stringify({ pack: `${engine.manifest.name} ${engine.manifest.version}`, sets, scores }, null, 1) + '\n',
);
writeFileSync(join(values.out, `${values.name}.md`), lines.join('\n'));
console.log(`wrote ${join(values.out, `${values.name}.md`)}`);
