// Paths handed over on the command line or by a second launch.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathsFromArgv } from '../../electron/main/launch-args.ts';
import { makeTempDir } from '../helpers/images.ts';

const temp = makeTempDir('argv');
after(temp.cleanup);

test('keeps existing files and folders, resolved; drops switches, the app folder and missing paths', () => {
  mkdirSync(join(temp.dir, 'album'));
  writeFileSync(join(temp.dir, 'a.jpg'), '');
  const app = join(temp.dir, 'app');
  mkdirSync(app);
  const argv = ['/usr/bin/electron', '--inspect=0', app, 'a.jpg', join(temp.dir, 'album'), 'missing.jpg', '--no-sandbox', '-psn_0_1234'];
  assert.deepEqual(pathsFromArgv(argv, { cwd: temp.dir, appPath: app }), [join(temp.dir, 'a.jpg'), join(temp.dir, 'album')]);
  assert.deepEqual(pathsFromArgv(['DVAR Studio.exe'], { cwd: temp.dir, appPath: app }), []);
});
