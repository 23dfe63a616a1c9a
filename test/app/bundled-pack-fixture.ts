// A bundled-packs layout for the app tests: `<root>/packs/default` (the tiny fixture pack declaring a
// Real-ESRGAN restorer, whose graph is the decoder's file: loading checks files and checksums only)
// and `<root>/packs/fast` (the tiny pack named "fast"), plus model cards in `<root>/docs`.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TINY_PACK } from '../helpers/fixtures.ts';

export const RESTORER = { name: 'Real-ESRGAN x4plus', licence: 'BSD-3-Clause (LICENSE-Real-ESRGAN.txt)', credit: 'Xintao Wang et al.' };

function copyPack(to: string, edit: (manifest: Record<string, any>) => void): void {
  cpSync(TINY_PACK, to, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(to, 'manifest.json'), 'utf8'));
  edit(manifest);
  writeFileSync(join(to, 'manifest.json'), JSON.stringify(manifest, null, 2));
}

export function bundledPackLayout(root: string): { defaultPackDir: string; fastDir: string; modelCardsDir: string } {
  const defaultPackDir = join(root, 'packs', 'default');
  const fastDir = join(root, 'packs', 'fast');
  const modelCardsDir = join(root, 'docs');
  copyPack(defaultPackDir, (m) => {
    m.name = 'default';
    m.restorer = RESTORER;
    m.graphs.restorer = m.graphs.decoder;
  });
  copyPack(fastDir, (m) => {
    m.name = 'fast';
  });
  mkdirSync(modelCardsDir);
  writeFileSync(join(modelCardsDir, 'model-card-default.md'), '# Default pack\n');
  writeFileSync(join(modelCardsDir, 'model-card-fast.md'), '# Fast pack\n');
  return { defaultPackDir, fastDir, modelCardsDir };
}
