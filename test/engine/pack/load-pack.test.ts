// A broken pack is named in one sentence: missing folder, bad JSON, schema errors, missing or damaged
// graph files, graphs whose inputs disagree with the manifest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DvarEngine, DvarError } from '../../../electron/engine/index.ts';
import { loadPack } from '../../../electron/engine/pack/load-pack.ts';
import { TINY_PACK } from '../../helpers/fixtures.ts';

function copyPack(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'dvar-pack-')), 'pack');
  cpSync(TINY_PACK, dir, { recursive: true });
  return dir;
}

function editManifest(dir: string, edit: (m: any) => void): void {
  const file = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(file, 'utf8'));
  edit(m);
  writeFileSync(file, JSON.stringify(m));
}

async function expectPackError(dir: string, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(DvarEngine.open(dir, { threads: 1 }), (error: unknown) => {
    assert.ok(error instanceof DvarError, `expected a DvarError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes('\n'), 'one sentence, one line');
    return true;
  });
  rmSync(join(dir, '..'), { recursive: true, force: true });
}

test('the fixture pack loads', async () => {
  const pack = await loadPack(TINY_PACK);
  assert.equal(pack.manifest.name, 'tiny');
});

test('missing pack folder', async () => {
  await assert.rejects(
    DvarEngine.open('/nonexistent/pack'),
    (e: unknown) => e instanceof DvarError && e.code === 'PACK_MISSING' && /No model pack was found at \/nonexistent\/pack/.test(e.message),
  );
});

test('manifest that is not JSON', async () => {
  const dir = copyPack();
  writeFileSync(join(dir, 'manifest.json'), '{ not json');
  await expectPackError(dir, 'PACK_INVALID', /manifest\.json is not valid JSON/);
});

test('manifest missing', async () => {
  const dir = copyPack();
  unlinkSync(join(dir, 'manifest.json'));
  await expectPackError(dir, 'PACK_INVALID', /manifest\.json is missing or unreadable/);
});

test('schema violation names the field', async () => {
  const dir = copyPack();
  editManifest(dir, (m) => {
    m.latent.codebookSize = -3;
  });
  await expectPackError(dir, 'PACK_INVALID', /latent\.codebookSize/);
});

test('missing graph file names the file', async () => {
  const dir = copyPack();
  unlinkSync(join(dir, 'step.onnx'));
  await expectPackError(dir, 'PACK_INVALID', /step\.onnx is missing/);
});

test('damaged graph file fails its checksum', async () => {
  const dir = copyPack();
  appendFileSync(join(dir, 'decoder.onnx'), Buffer.from([1, 2, 3]));
  await expectPackError(dir, 'PACK_INVALID', /decoder\.onnx does not match field "graphs\.decoder\.sha256"/);
});

test('graph inputs that disagree with the manifest are named', async () => {
  const dir = copyPack();
  editManifest(dir, (m) => {
    m.graphs.step.inputs[0].name = 'tokenz';
  });
  await expectPackError(dir, 'PACK_INVALID', /step\.onnx has no input "tokenz"/);
});

test('missing shared weights file names it', async () => {
  const dir = copyPack();
  unlinkSync(join(dir, 'transformer-weights.bin'));
  await expectPackError(dir, 'PACK_INVALID', /weights file transformer-weights\.bin is missing/);
});
