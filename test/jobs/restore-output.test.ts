// Restore and write at the asked scale with the tiny pack: an output streamed row by row to disk has
// the very pixels of the one held whole (×4), is within one level at ×2, carries alpha, and a restore
// that fails midway leaves no file and no temp file behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { DvarEngine } from '../../electron/engine/index.ts';
import { readImage } from '../../electron/image-files/read-image.ts';
import { restoreAndWrite, type OutputJob } from '../../electron/jobs/restore-output.ts';
import { TINY_PACK } from '../helpers/fixtures.ts';
import { makeTempDir, writePhoto } from '../helpers/images.ts';

const { dir, cleanup } = makeTempDir('restore-output');
test.after(cleanup);
const at = (name: string) => join(dir, name);

async function raw(path: string): Promise<Buffer> {
  return await sharp(path).raw().toBuffer();
}

test('streamed and whole outputs match; a failed restore leaves nothing', async () => {
  const engine = await DvarEngine.open(TINY_PACK, { threads: 1 });
  try {
    await writePhoto(at('photo.png'), 30, 41);
    const rgba = await sharp(at('photo.png')).ensureAlpha(0.6).png().toBuffer();
    await sharp(rgba).toFile(at('photo-alpha.png'));
    for (const input of ['photo.png', 'photo-alpha.png']) {
      const decoded = await readImage(at(input));
      for (const scale of [4, 2]) {
        const size = { width: decoded.rgb.width * scale, height: decoded.rgb.height * scale };
        const job = (output: string, streamAbovePixels: number): OutputJob => ({
          output: at(output),
          size,
          format: 'png',
          overwrite: false,
          restore: { tile: 16, sampling: { seed: 1 } },
          hooks: {},
          streamAbovePixels,
        });
        let restored = 0;
        await restoreAndWrite(engine, decoded, { ...job(`${input}-x${scale}-whole.png`, Infinity), onRestored: () => restored++ });
        await restoreAndWrite(engine, decoded, { ...job(`${input}-x${scale}-streamed.png`, 0), onRestored: () => restored++ });
        assert.equal(restored, 2);
        const whole = await raw(at(`${input}-x${scale}-whole.png`));
        const streamed = await raw(at(`${input}-x${scale}-streamed.png`));
        assert.equal(streamed.length, whole.length);
        if (scale === 4) assert.ok(streamed.equals(whole), `${input} ×4: pixels differ`);
        else
          for (let i = 0; i < whole.length; i++)
            assert.ok(
              Math.abs(streamed[i]! - whole[i]!) <= 1,
              `${input} ×2 at ${i}: ${streamed[i]} vs ${whole[i]} (${(await sharp(at(`${input}-x${scale}-whole.png`)).metadata()).channels} ch)`,
            );
      }
    }
    const decoded = await readImage(at('photo.png'));
    const controller = new AbortController();
    await assert.rejects(
      restoreAndWrite(engine, decoded, {
        output: at('cancelled.png'),
        size: { width: 120, height: 164 },
        format: 'png',
        overwrite: false,
        restore: { tile: 16 },
        streamAbovePixels: 0,
        hooks: {
          signal: controller.signal,
          onScale: (e) => {
            if (e.tileIndex === 3) controller.abort();
          },
        },
      }),
      /cancel/i,
    );
    assert.deepEqual(
      readdirSync(dir).filter((n) => n.includes('cancelled') || n.includes('.dvar-tmp-')),
      [],
    );
  } finally {
    await engine.close();
  }
});
