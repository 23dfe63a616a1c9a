// Whether a path lies inside a folder: below it yes, beside or above it no, the folder itself only when asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isInsideFolder } from '../../electron/jobs/index.ts';

test('inside, outside and the folder itself', () => {
  assert.equal(isInsideFolder('/out', '/out/2019/a.png'), true);
  assert.equal(isInsideFolder('/out', '/out'), false);
  assert.equal(isInsideFolder('/out', '/out', { orSame: true }), true);
  assert.equal(isInsideFolder('/out', '/outside/a.png'), false, 'a sibling sharing the prefix');
  assert.equal(isInsideFolder('/out', '/out/../etc/passwd'), false);
  assert.equal(isInsideFolder('/out', '/'), false);
  assert.equal(isInsideFolder('/out', '/out/..a/b.png'), true, 'a name that only starts with two dots');
});
