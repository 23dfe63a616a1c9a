// The pieces a worker checks a job with: where the shared secret comes from, signing and checking a
// job (any change to a signed job breaks it), and which output names a worker derives for a photo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDerivedOutputName } from '../../electron/distributed/job-guard.ts';
import { loadQueueSecret, openSignedJob, signJob } from '../../electron/distributed/job-signature.ts';
import type { RestoreJobData } from '../../electron/distributed/restore-job.ts';
import { makeTempDir } from '../helpers/images.ts';

const { dir, cleanup } = makeTempDir('job-signature');
test.after(cleanup);

const job: RestoreJobData = {
  input: '/share/in/photo.jpg',
  output: '/share/out/photo-dvar-x4.png',
  pack: { bundled: 'default' },
  scale: 4,
  format: 'png',
  overwrite: false,
  restore: { previewMaxSide: 0 },
};

test('the secret comes from --queue-secret-file, else DVAR_QUEUE_SECRET_FILE, else DVAR_QUEUE_SECRET; too short or none is one sentence', () => {
  const file = join(dir, 'queue.secret');
  writeFileSync(file, 'from-the-file-0123456789\n');
  assert.equal(loadQueueSecret(file, { DVAR_QUEUE_SECRET: 'from-the-env-0123456789' }).toString(), 'from-the-file-0123456789');
  assert.equal(loadQueueSecret(undefined, { DVAR_QUEUE_SECRET_FILE: file }).toString(), 'from-the-file-0123456789');
  assert.equal(loadQueueSecret(undefined, { DVAR_QUEUE_SECRET: 'from-the-env-0123456789' }).toString(), 'from-the-env-0123456789');
  assert.throws(() => loadQueueSecret(undefined, {}), /Jobs on the queue are signed with a secret .*--queue-secret-file FILE/);
  assert.throws(() => loadQueueSecret(undefined, { DVAR_QUEUE_SECRET: 'short' }), /at least 16 characters/);
  assert.throws(() => loadQueueSecret(join(dir, 'missing'), {}), /Cannot read the queue secret file .*missing \(ENOENT\)\.$/);
});

test('a signed job opens with the same secret; any change, another secret or no signature is refused', () => {
  const secret = Buffer.from('the-shared-secret-0123');
  const signed = signJob(job, secret);
  assert.deepEqual(openSignedJob(JSON.parse(JSON.stringify(signed)), secret), job);
  assert.throws(() => openSignedJob({ ...signed, overwrite: true }, secret), /signature does not match/);
  assert.throws(() => openSignedJob({ ...signed, restore: { previewMaxSide: 0, tile: 8 } }, secret), /signature does not match/);
  assert.throws(() => openSignedJob(signed, Buffer.from('another-secret-0123456')), /signature does not match/);
  assert.throws(() => openSignedJob(job, secret), /This job is not signed, so it was refused/);
  assert.throws(() => openSignedJob({ ...signed, scale: 400 }, secret), /its scale is not valid/);
  assert.throws(() => signJob({ ...job, output: 'relative.png' }, secret), /its output is not valid/);
});

test('a worker derives the output names of a photo: its name, the scale, the format, and -2, -3... only', () => {
  const at = (name: string, over: Partial<RestoreJobData> = {}) => isDerivedOutputName(name, { ...job, ...over });
  assert.ok(at('photo-dvar-x4.png'));
  assert.ok(at('photo-dvar-x4-2.png'));
  assert.ok(at('photo-dvar-x4-12.png'));
  assert.ok(at('photo-dvar-x2.jpg', { scale: 2, format: 'jpg' }));
  for (const name of [
    '.bashrc',
    'other-dvar-x4.png',
    'photo-dvar-x4.jpg',
    'photo-dvar-x2.png',
    'photo-dvar-x4-1.png',
    'photo-dvar-x4-02.png',
    'photo-dvar-x4.png.sh',
    'xphoto-dvar-x4.png',
  ]) {
    assert.equal(at(name), false, name);
  }
  // Characters special to regular expressions in a photo's name are plain characters.
  assert.ok(isDerivedOutputName('a+b (1)-dvar-x4.png', { input: '/p/a+b (1).jpg', scale: 4, format: 'png' }));
  assert.equal(isDerivedOutputName('aab (1)-dvar-x4.png', { input: '/p/a+b (1).jpg', scale: 4, format: 'png' }), false);
});
