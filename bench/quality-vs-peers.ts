// Runs the shipped engine and the peers on the dev pairs that `python -m dvar.train.dev_images dump`
// wrote (NNN-lq.png), saving NNN-<method>.png beside them; `dev_images score` then measures every
// method with the training metrics, so the engine path is scored exactly as shipped. `bench/run.ts`
// does all of this (and the scoring) as its quality section.
//
//   npx tsx bench/quality-vs-peers.ts [--dir models/runs/dev-images] [--pack DIR] [--peers slim,medium,thick]
import { parseArgs } from 'node:util';
import { DEFAULT_PACK_DIR, DvarEngine } from '../electron/engine/index.ts';
import { devMethods, writeMethodOutputs } from './lib/dev-set.ts';
import { lanczos3 } from './peers/lanczos.ts';
import { loadEsrgan, type EsrganSize } from './peers/upscalerjs.ts';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'models/runs/dev-images' },
    pack: { type: 'string', default: DEFAULT_PACK_DIR },
    peers: { type: 'string', default: 'slim,medium,thick' },
    threads: { type: 'string', default: '2' },
  },
});
const threads = Number(values.threads);
const engine = await DvarEngine.open(values.pack!, { threads });
const peers = [lanczos3(threads)];
for (const size of values.peers!.split(',').filter(Boolean) as EsrganSize[]) peers.push(await loadEsrgan(size, threads));
await writeMethodOutputs(values.dir!, devMethods(engine, peers), console.log);
await engine.close();
