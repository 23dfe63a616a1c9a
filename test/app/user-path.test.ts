// Typed paths: `~` is the home folder and relative paths start there, never at the process's folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { expandUserPath, userPathBase } from '../../electron/app/user-path.ts';

test('~ and relative paths resolve against the home folder; full paths stay as they are', () => {
  const home = '/home/ana';
  assert.equal(expandUserPath('~', home), home);
  assert.equal(expandUserPath('~/Photos/2024', home), '/home/ana/Photos/2024');
  assert.equal(expandUserPath('  Photos/beach.jpg ', home), '/home/ana/Photos/beach.jpg');
  assert.equal(expandUserPath('../shared/x.jpg', home), '/home/shared/x.jpg');
  assert.equal(expandUserPath('/srv/photos/a.jpg', home), '/srv/photos/a.jpg');
  assert.equal(expandUserPath('~user/a.jpg', home), '/home/ana/~user/a.jpg', 'only ~ alone or ~/ mean home');
  assert.equal(userPathBase(), homedir());
  assert.equal(expandUserPath('~/x'), join(homedir(), 'x'));
});
