// The reliability rows for the host's saved state: a settings/queue file that is truncated or
// garbage, or a queue with unreadable rows. The host starts, keeps a copy of what it could not read,
// says in its log what it reset, and loses nothing it could read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppHost } from '../../electron/app/host.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';

const { dir, cleanup } = makeTempDir('reliability-state');
test.after(cleanup);

async function startOn(data: string) {
  const lines: string[] = [];
  const host = await createAppHost({
    userDataDir: data,
    hostKind: 'web',
    version: 't',
    imageUrl: (p) => p,
    thumbnailUrl: (p) => p,
    log: (level, message) => lines.push(`${level}: ${message}`),
  });
  return { host, lines };
}

const CORRUPT_FILES: Array<[string, Buffer]> = [
  ['truncated JSON', Buffer.from('{"settings": {"theme": "light", "outputDir": "/tmp/o')],
  ['random bytes', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256))],
  ['an empty file', Buffer.alloc(0)],
];

for (const [name, bytes] of CORRUPT_FILES) {
  test(`a settings and queue file that is ${name}: the host starts from defaults, keeps a copy and says so`, async () => {
    const data = join(dir, name.replaceAll(' ', '-'));
    mkdirSync(data);
    writeFileSync(join(data, 'config.json'), bytes);
    const { host, lines } = await startOn(data);
    try {
      assert.equal((await host.handle('settings:get', {})).theme, 'system');
      assert.deepEqual((await host.handle('queue:get', {})).items, []);
      if (bytes.length > 0) {
        const kept = readdirSync(data).filter((n) => n.startsWith('config.json.corrupt-'));
        assert.equal(kept.length, 1, 'a copy of the bad file is kept');
        assert.deepEqual(readFileSync(join(data, kept[0]!)), bytes, 'byte for byte');
        assert.ok(
          lines.some((l) => /^warn: .*config\.json could not be read .*kept as .*corrupt-.*start from their defaults\.$/.test(l)),
          lines.join('\n'),
        );
      }
    } finally {
      await host.close();
    }
  });
}

test('a saved queue with unreadable rows keeps the readable ones and logs the rest', async () => {
  const data = join(dir, 'bad-rows');
  mkdirSync(data);
  const photo = join(dir, 'kept.jpg');
  await writePhoto(photo, 8, 8);
  const good = { id: 'a', input: photo, output: null, status: 'pending', progress: 0, error: null, ms: null, relativeDir: '', pixels: 64 };
  const bad = { id: 'b', input: 42, status: 'exploded' };
  writeFileSync(join(data, 'config.json'), JSON.stringify({ settings: { theme: 'light' }, queue: { items: [good, bad], running: false, paused: false } }));
  const { host, lines } = await startOn(data);
  try {
    assert.equal((await host.handle('settings:get', {})).theme, 'light', 'settings it could read are kept');
    assert.deepEqual(
      (await host.handle('queue:get', {})).items.map((i) => i.input),
      [photo],
    );
    assert.ok(
      lines.some((l) => /^warn: 1 row\(s\) of the saved batch queue could not be read and were dropped \(.*"exploded".*\); the other 1 are kept\.$/.test(l)),
      lines.join('\n'),
    );
  } finally {
    await host.close();
  }
});

test('a saved queue of the wrong shape starts empty and says so', async () => {
  const data = join(dir, 'bad-queue');
  mkdirSync(data);
  writeFileSync(join(data, 'config.json'), JSON.stringify({ queue: 'garbage' }));
  const { host, lines } = await startOn(data);
  try {
    assert.deepEqual((await host.handle('queue:get', {})).items, []);
    assert.ok(
      lines.some((l) => /^warn: The saved batch queue could not be read \("garbage"\); the queue starts empty\.$/.test(l)),
      lines.join('\n'),
    );
  } finally {
    await host.close();
  }
});
