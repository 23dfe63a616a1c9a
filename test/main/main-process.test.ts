// The bundled main process end to end, short of a real window: scripts/build-electron.mjs, then
// dist/electron/main.cjs under plain Node with a recording fake of Electron (main-process-harness.ts),
// restoring one photo with the tiny fixture pack through ipcMain → host → engine worker bundle, and
// saving the queue's results as one zip through the save dialog (Download all).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security.ts';
import { REQUEST_CHANNELS } from '../../electron/main/ipc.ts';
import { REPO_ROOT, TINY_PACK } from '../helpers/fixtures.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';
import { PYTHON, readZip } from '../helpers/read-zip.ts';

const temp = makeTempDir('main-process');
after(temp.cleanup);

test('the bundled main process wires window, security, protocols, IPC, power, log and quit', async () => {
  const build = spawnSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  for (const name of ['main.cjs', 'engine-worker.cjs', 'preload.cjs']) assert.ok(existsSync(join(REPO_ROOT, 'dist', 'electron', name)), name);

  const photos = join(temp.dir, 'photos');
  mkdirSync(photos);
  await writePhoto(join(photos, 'street.png'), 40, 32);
  const userData = join(temp.dir, 'user');
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/main/main-process-harness.ts', photos], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 150_000,
    env: { ...process.env, DVAR_USER_DATA_DIR: userData, DVAR_TEST_PACK: TINY_PACK },
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('@@REPORT '));
  assert.ok(line, `no report from the harness:\n${run.stdout}\n${run.stderr}`);
  const r = JSON.parse(line.slice('@@REPORT '.length));

  assert.deepEqual(r.schemesBeforeReady, ['app', 'dvar-image']);
  assert.equal(r.userData, userData);
  assert.equal(r.window.url, 'app://dvar/index.html');
  assert.equal(r.window.webPreferences.preload, join(REPO_ROOT, 'dist', 'electron', 'preload.cjs'));
  assert.deepEqual([r.window.webPreferences.contextIsolation, r.window.webPreferences.sandbox, r.window.webPreferences.nodeIntegration], [true, true, false]);
  assert.deepEqual(r.headers['Content-Security-Policy'], [CONTENT_SECURITY_POLICY]);
  assert.deepEqual(r.permission, { granted: false, check: false });
  assert.deepEqual(r.channels, REQUEST_CHANNELS);
  assert.deepEqual(r.menu, ['&File', '&Edit', '&View', '&Window', '&Help']);
  assert.deepEqual(r.queuedFromArgv, [join(photos, 'street.png')]);
  assert.deepEqual(r.navigation, { 'https://example.com/': true, 'app://dvar/index.html': false });
  assert.deepEqual(r.windowOpen, [{ action: 'deny' }, { action: 'deny' }]);
  assert.deepEqual(r.external, ['https://example.com/help']);
  assert.deepEqual(r.linkQuestions, ['https://example.com/help'], 'the https link is opened after a question naming it; file: is never asked about');

  assert.equal(r.foreign.error.code, 'NOT_ALLOWED');
  assert.equal(r.invalid.error.code, 'INVALID_REQUEST');
  assert.deepEqual(r.pick.value.paths, [photos]);
  assert.equal(r.added.value.files.length, 1);
  assert.match(r.image.url, /^dvar-image:\/\/file\//);
  assert.deepEqual([r.image.fetched.status, r.image.fetched.type], [200, 'image/png']);
  assert.ok([200, 503].includes(r.page.status), 'app:// answers with the UI or the build hint');
  assert.equal(r.page.csp, CONTENT_SECURITY_POLICY);

  assert.equal(r.restore[0], 'restore:done', JSON.stringify(r.restore));
  assert.ok(r.progressEvents > 0);
  const output = await sharp(r.restore[1].output).metadata();
  assert.deepEqual([output.width, output.height], [160, 128]);
  assert.deepEqual(r.power, ['start prevent-app-suspension', 'stop 7']);

  // Download all: the save dialog suggests a dated zip in Downloads; the zip holds the queue's result.
  assert.deepEqual(r.savedZip, { ok: true, value: { path: join(temp.dir, 'all-results.zip'), files: 1, leftOut: [] } });
  assert.match(r.saveDialogs[0], new RegExp(`^${join(userData, 'downloads', 'dvar-results-')}\\d{4}-\\d\\d-\\d\\d\\.zip$`));
  if (PYTHON) {
    const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    const entries = readZip(join(temp.dir, 'all-results.zip'));
    assert.deepEqual(
      entries.map((e) => [e.name, e.sha256]),
      [['street-dvar-x4.png', sha256(readFileSync(r.queueOutputs[0]))]],
    );
  }

  // One log file: the host's lines go to main.log through main's logger, and app:info names it.
  assert.equal(r.info.value.logPath, join(userData, 'logs', 'main.log'));
  assert.equal(r.hostLogExists, false, 'no logs/host.log beside main.log');
  assert.equal(r.queueUrlBack, 'redis://:***@127.0.0.1:6390');
  assert.ok(!r.config.includes('hunter2'), 'the queue password is sealed with the keychain, not in config.json');
  assert.match(r.config, /redis:\/\/:dvar-sealed\.[A-Za-z0-9_-]+@127\.0\.0\.1:6390/);
  assert.deepEqual(r.modes, { '.': '700', 'config.json': '600', logs: '700', 'logs/main.log': '600' });
  assert.match(r.log, /INFO {2}Settings: the queue password is kept encrypted with a key from the system keychain\./);
  assert.match(r.log, /INFO {2}DVAR Studio 0\.0\.0-test host started \(electron\)/);

  assert.deepEqual(r.quit, { prevented: true, quitCalls: 1 });
  assert.match(r.log, /INFO {2}DVAR Studio 0\.0\.0-test starting/);
  assert.match(r.log, /WARN {2}Blocked navigation to https:\/\/example\.com\//);
  assert.match(r.log, /INFO {2}Quit\.\n$/);
  assert.deepEqual(r.errors, []);
});
