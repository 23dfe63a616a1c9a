// What the packages contain: forge.config.ts's ignore test, and build/electron-builder.yml kept in step
// with it (no YAML parser is installed: the file is read as lines).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import config, { ignore } from '../../forge.config.ts';
import { BUNDLED_PACK_NAMES } from '../../electron/engine/bundled-packs.ts';
import { REPO_ROOT } from '../helpers/fixtures.ts';

const yml = readFileSync(`${REPO_ROOT}/build/electron-builder.yml`, 'utf8');

/** The list items of a top-level key, or of a key under a platform section. */
function listOf(key: string, section?: string): string[] {
  const lines = yml.split('\n');
  let start = section ? lines.indexOf(`${section}:`) : 0;
  const indent = section ? '  ' : '';
  start = lines.indexOf(`${indent}${key}:`, start);
  assert.ok(start >= 0, `${section ?? ''} ${key} in electron-builder.yml`);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const match = new RegExp(`^${indent}  - "?([^"#]+?)"?(\\s+#.*)?$`).exec(line);
    if (!match) break;
    items.push(match[1]!.trim());
  }
  return items;
}

test('forge ships the bundles, the built UI, the bundled packs and native modules, nothing else', () => {
  const linux = (path: string) => ignore(path, 'linux', 'x64');
  for (const path of ['', '/package.json', '/dist', '/dist/electron', '/dist/electron/main.cjs', '/dist/electron/preload.cjs', '/renderer', '/renderer/dist/index.html',
    '/models', '/models/packs', '/models/packs/default/restorer.int8.onnx', '/models/packs/default/LICENSE-Real-ESRGAN.txt', '/models/packs/fast',
    '/models/packs/fast/manifest.json', '/models/packs/fast/transformer-weights.bin', '/docs', '/docs/model-card-default.md', '/docs/model-card-fast.md', '/node_modules/sharp/lib/index.js',
    '/node_modules/onnxruntime-node/bin/napi-v6/linux', '/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1']) {
    assert.equal(linux(path), false, `ships ${path}`);
  }
  for (const path of ['/test', '/electron/main/main.ts', '/renderer/src/App.svelte', '/models/dvar/train.py', '/docs/pack-format.md', '/models/packs/experimental/manifest.json', '/models/packs/faster/manifest.json', '/bench',
    '/dist/other.js', '/.venv', '/node_modules/zod/index.js', '/node_modules/electron/dist/electron', '/node_modules/onnxruntime-node/script/install.js',
    '/node_modules/onnxruntime-node/bin/napi-v6/win32', '/node_modules/onnxruntime-node/bin/napi-v6/linux/arm64/onnxruntime_binding.node']) {
    assert.equal(linux(path), true, `leaves out ${path}`);
  }
  assert.equal(ignore('/node_modules/onnxruntime-node/bin/napi-v6/win32/x64/DirectML.dll', 'win32', 'x64'), false);
  assert.equal(ignore('/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1', 'win32', 'x64'), true);
  assert.equal(typeof config.hooks.generateAssets, 'function');
});

test('forge ships every bundled pack the app lists', () => {
  for (const name of BUNDLED_PACK_NAMES) {
    assert.equal(ignore(`/models/packs/${name}/manifest.json`, 'linux', 'x64'), false, `ships ${name}`);
    assert.ok(config.packagerConfig.asar.unpack.includes(`**/models/packs/${name}/**`), `unpacks ${name}`);
  }
});

test('electron-builder ships the same files and unpacks the same paths from the asar', () => {
  const packs = BUNDLED_PACK_NAMES.map((name) => `models/packs/${name}/**`);
  assert.deepEqual(listOf('files').filter((p) => !p.startsWith('!')), ['package.json', 'dist/electron/**', 'renderer/dist/**', ...packs, 'docs/model-card-*.md']);
  const unpack = listOf('asarUnpack');
  assert.ok(unpack.includes('node_modules/onnxruntime-node/bin/**'));
  // Native code opens every bundled pack's graphs by path, and the app finds the packs beside each other.
  for (const pack of packs) assert.ok(unpack.includes(pack), `electron-builder unpacks ${pack}`);
  for (const pattern of unpack) assert.ok(config.packagerConfig.asar.unpack.includes(pattern.replace(/^(?!\*\*)/, '**/')), `forge unpacks ${pattern} too`);
});

test('each installer keeps only its own onnxruntime binaries', () => {
  const excluded = (section: string) => listOf('files', section).map((p) => p.replace('!node_modules/onnxruntime-node/bin/napi-v*/', ''));
  assert.deepEqual(excluded('linux'), ['{darwin,win32}/**', 'linux/arm64/**']);
  assert.deepEqual(excluded('win'), ['{darwin,linux}/**', 'win32/arm64/**']);
  assert.deepEqual(excluded('mac'), ['{linux,win32}/**']);
});
