// Where a queue row and a Files card say a result was written (renderer/src/lib/result-folder.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resultFolder } from '../../renderer/src/lib/result-folder.ts';

test('a result inside the output folder is named by its subfolder, or as the output folder itself', () => {
  assert.equal(resultFolder('/out/2019/summer/a-dvar-x4.png', '/out'), '2019/summer');
  assert.equal(resultFolder('/out/2019/a-dvar-x4.png', '/out/'), '2019');
  assert.equal(resultFolder('/out/a-dvar-x4.png', '/out'), 'the output folder');
  assert.equal(resultFolder('C:\\Out\\trip\\a-dvar-x4.png', 'C:\\Out'), 'trip');
  assert.equal(resultFolder('/a-dvar-x4.png', '/'), 'the output folder');
  assert.equal(resultFolder('/trip/a-dvar-x4.png', '/'), 'trip');
});

test('a result outside the output folder, or with none chosen, shows its full folder', () => {
  assert.equal(resultFolder('/photos/2019/a-dvar-x4.png', null), '/photos/2019');
  assert.equal(resultFolder('/photos/2019/a-dvar-x4.png', '/out'), '/photos/2019');
  // A sibling whose name only starts like the output folder is not inside it.
  assert.equal(resultFolder('/output-old/a-dvar-x4.png', '/out'), '/output-old');
  assert.equal(resultFolder('/outside/x/a-dvar-x4.png', '/out'), '/outside/x');
});
