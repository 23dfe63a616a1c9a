// What the packages contain: forge.config.ts's ignore test, and build/electron-builder.yml kept in step
// with it (no YAML parser is installed: the file is read as lines).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import config, { ignore } from '../../forge.config.ts';
import { pinnedElectronVersion } from '../../scripts/electron-version.ts';
import { LOCAL_ELECTRON_DIST, electronBuilderArgs } from '../../scripts/package.ts';
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

/** The `name: value` pairs under a top-level key (values as written, comments dropped). */
function mapOf(key: string): Record<string, string> {
  const lines = yml.split('\n');
  const start = lines.indexOf(`${key}:`);
  assert.ok(start >= 0, `${key} in electron-builder.yml`);
  const entries: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    const match = /^ {2}(\w+): ([^#\s]+)/.exec(line);
    if (!match) break;
    entries[match[1]!] = match[2]!;
  }
  return entries;
}

test('forge ships the bundles, the built UI, the bundled packs and native modules, nothing else', () => {
  const linux = (path: string) => ignore(path, 'linux', 'x64');
  for (const path of [
    '',
    '/package.json',
    '/dist',
    '/dist/electron',
    '/dist/electron/main.cjs',
    '/dist/electron/preload.cjs',
    '/renderer',
    '/renderer/dist/index.html',
    '/models',
    '/models/packs',
    '/models/packs/default/restorer.int8.onnx',
    '/models/packs/default/LICENSE-Real-ESRGAN.txt',
    '/models/packs/fast',
    '/models/packs/fast/manifest.json',
    '/models/packs/fast/transformer-weights.bin',
    '/docs',
    '/docs/model-card-default.md',
    '/docs/model-card-fast.md',
    '/samples',
    '/samples/sample-dandelions.jpg',
    '/samples/LICENSE-sample-dandelions.txt',
    '/node_modules/sharp/lib/index.js',
    '/node_modules/onnxruntime-node/bin/napi-v6/linux',
    '/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1',
  ]) {
    assert.equal(linux(path), false, `ships ${path}`);
  }
  for (const path of [
    '/test',
    '/electron/main/main.ts',
    '/renderer/src/App.svelte',
    '/models/dvar/train.py',
    '/docs/pack-format.md',
    '/models/packs/experimental/manifest.json',
    '/models/packs/faster/manifest.json',
    '/bench',
    '/dist/other.js',
    '/.venv',
    '/node_modules/zod/index.js',
    '/node_modules/electron/dist/electron',
    '/node_modules/onnxruntime-node/script/install.js',
    '/node_modules/onnxruntime-node/bin/napi-v6/win32',
    '/node_modules/onnxruntime-node/bin/napi-v6/linux/arm64/onnxruntime_binding.node',
  ]) {
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
  assert.deepEqual(
    listOf('files').filter((p) => !p.startsWith('!')),
    ['package.json', 'dist/electron/**', 'renderer/dist/**', ...packs, 'docs/model-card-*.md', 'samples/**'],
  );
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

test('the packaged binary runs only its own signed app.asar: no Node mode, NODE_OPTIONS, inspector or loose app folder', () => {
  assert.deepEqual(mapOf('electronFuses'), {
    runAsNode: 'false',
    enableCookieEncryption: 'true',
    enableNodeOptionsEnvironmentVariable: 'false',
    enableNodeCliInspectArguments: 'false',
    enableEmbeddedAsarIntegrityValidation: 'true',
    onlyLoadAppFromAsar: 'true',
    grantFileProtocolExtraPrivileges: 'false',
  });
  // The keys are electron-builder's own (FuseOptionsV1 in app-builder-lib's schema), not guesses.
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'));
  const known = Object.keys(schema.definitions.FuseOptionsV1.properties);
  for (const fuse of Object.keys(mapOf('electronFuses'))) assert.ok(known.includes(fuse), `${fuse} is an electron-builder fuse`);
});

test('the macOS hardened runtime gets an entitlements file that allows JIT and nothing it does not need', () => {
  const mac = yml.slice(yml.indexOf('\nmac:'));
  assert.match(mac, /\n {2}hardenedRuntime: true\n/);
  assert.match(mac, /\n {2}entitlements: build\/entitlements\.mac\.plist\n/);
  assert.match(mac, /\n {2}entitlementsInherit: build\/entitlements\.mac\.plist\n/);
  const plist = readFileSync(join(REPO_ROOT, 'build', 'entitlements.mac.plist'), 'utf8');
  const granted = [...plist.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]);
  assert.deepEqual(granted, ['com.apple.security.cs.allow-jit']);
});

test('electron-builder and forge package the Electron version package.json pins, from one place', () => {
  const pinned = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).optionalDependencies.electron;
  assert.equal(pinnedElectronVersion(), pinned);
  assert.equal(config.packagerConfig.electronVersion, pinned);
  const args = electronBuilderArgs(['--dir'], null);
  assert.deepEqual(args, ['--config', 'build/electron-builder.yml', `-c.electronVersion=${pinned}`, '--dir']);
  assert.deepEqual(electronBuilderArgs([], '/opt/electron').slice(-1), ['-c.electronDist=/opt/electron'], 'a local binary is copied, not downloaded');
  assert.throws(() => pinnedElectronVersion('{"optionalDependencies":{"electron":"^41.7.1"}}'), /exact version/);
  assert.throws(() => pinnedElectronVersion('{}'), /exact version/);
  const scripts = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).scripts;
  assert.match(scripts.package, /tsx scripts\/package\.ts$/, 'npm run package goes through the pin');
});

test('electron-builder --dir makes the unpacked app where the Electron binary is present', (t) => {
  if (!existsSync(LOCAL_ELECTRON_DIST)) {
    return t.skip(`SKIPPED, not built: the Electron binary is not installed (${LOCAL_ELECTRON_DIST} is missing)`);
  }
  for (const [command, args] of [
    ['npm', ['run', 'build:renderer']],
    [process.execPath, ['scripts/build-electron.mjs', '--release']],
  ] as const) {
    const built = spawnSync(command, args, { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(built.status, 0, `${command} ${args.join(' ')}:\n${built.stdout}\n${built.stderr}`);
  }
  const out = mkdtempSync(join(tmpdir(), 'dvar-package-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/package.ts', '--dir', `-c.directories.output=${out}`], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 600_000,
  });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const asar = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((path) => path.endsWith(join('resources', 'app.asar')));
  assert.equal(asar.length, 1, `one app.asar under ${out}: ${asar.join(', ')}`);
  const unpacked = join(out, asar[0]! + '.unpacked');
  for (const name of BUNDLED_PACK_NAMES) assert.ok(existsSync(join(unpacked, 'models', 'packs', name, 'manifest.json')), `${name} pack unpacked`);
});
