// Runs the shipped engine and the peers on the dev pairs that `python -m dvar.train.dev_images dump`
// wrote (NNN-lq.png), saving NNN-<method>.png beside them; `dev_images score` then measures every
// method with the training metrics, so the engine path is scored exactly as shipped. `bench/run.ts`
// does all of this (and the scoring) as its quality section.
//
//   npx tsx bench/quality-vs-peers.ts [--dir models/runs/dev-images] [--pack DIR] [--fast-pack DIR] [--peers slim,medium,thick,x4plus]
//   npx tsx bench/quality-vs-peers.ts --dir models/runs/dev-images-2   # dev list 2 (`dev_images dump --list dev2`)
//
// `dvar-fast` is the previous default pack (models/packs/fast) under its own guard; skipped if missing.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PACK_DIR, DvarEngine } from '../electron/engine/index.ts';
import { REPO_ROOT } from '../test/helpers/fixtures.ts';
import { devMethods, openFastPack, writeMethodOutputs } from './lib/dev-set.ts';
import { openPeer, type PeerName } from './lib/methods.ts';
import { lanczos3 } from './peers/lanczos.ts';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'models/runs/dev-images' },
    pack: { type: 'string', default: DEFAULT_PACK_DIR },
    'fast-pack': { type: 'string', default: join(REPO_ROOT, 'models', 'packs', 'fast') },
    peers: { type: 'string', default: 'slim,medium,thick,x4plus' },
    threads: { type: 'string', default: '2' },
  },
});
const threads = Number(values.threads);
const engine = await DvarEngine.open(values.pack, { threads });
const fast = await openFastPack(values['fast-pack'], threads, console.log);
const peers = [lanczos3(threads)];
for (const name of values.peers.split(',').filter(Boolean) as PeerName[]) peers.push(await openPeer(name, threads, console.log));
await writeMethodOutputs(values.dir, devMethods(engine, peers, fast), console.log);
for (const p of peers) await p.close?.();
await fast?.close();
await engine.close();
