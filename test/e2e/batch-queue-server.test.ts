// The queue server in Chromium through the web host: Settings takes a queue server's URL (its password shown
// back only as ***) and a CA certificate path (a missing file refused beside the field), Test connection
// answers in one sentence, "Batch runs on: a queue server" makes the Batch view's Start send the photos
// to a real redis-server, where a real worker process restores them with the tiny pack; the view says
// they run on the queue's workers and the rows reach done.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startWorker, TEST_QUEUE_SECRET, type WorkerProcess } from '../distributed/queue-processes.ts';
import { REDIS_SERVER_MISSING, RedisServer } from '../distributed/redis-server.ts';
import { openApp } from './app-page.ts';
import { browserSession, skip as noBrowser } from './browser-session.ts';
import { writePhotos } from './photos.ts';
import { connectApi, useTinyPack } from './web-host-process.ts';

// The app signs the jobs it sends with the queue secret of its environment, as the workers check them.
process.env.DVAR_QUEUE_SECRET = TEST_QUEUE_SECRET;

const skip = noBrowser || REDIS_SERVER_MISSING;
const PASSWORD = 'e2e-queue-secret';
const session = browserSession('queue-server', (host) => useTinyPack(host));
const { root } = session;
let redis: RedisServer | undefined;
let worker: WorkerProcess | undefined;

before(async () => {
  if (skip) return;
  redis = await RedisServer.start({ password: PASSWORD });
  worker = startWorker(redis.url, ['--lock-seconds', '30']); // a loaded machine must not look like a dead worker
  await worker.ready;
});

after(async () => {
  await worker?.stop();
  await redis?.dispose();
});

const show = (page: import('playwright-core').Page, view: string) =>
  page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: new RegExp(`^${view}`) })
    .click();

test('Settings: queue URL with a masked password and Test connection; Batch runs on the queue server and its rows reach done', { skip }, async () => {
  const app = await openApp(session.browser(), session.host());
  const { page } = app;
  const api = connectApi(session.host());
  try {
    const masked = `redis://:***@127.0.0.1:${redis!.port}`;
    await show(page, 'Settings');
    const main = page.getByRole('main', { name: 'Settings' });
    const url = main.locator('#queue-url');
    await url.fill(redis!.url);
    await url.press('Tab');
    await page.waitForFunction((expected) => (document.getElementById('queue-url') as HTMLInputElement | null)?.value === expected, masked);
    // The CA certificate field beside it: a file that is not there is refused beside the field, in one sentence.
    const ca = main.locator('#queue-ca');
    await ca.fill('~/no-such-studio-ca.pem');
    await ca.press('Tab');
    const caProblem = main.locator('#queue-ca-hint [role="alert"]');
    await caProblem.waitFor();
    assert.match(
      await caProblem.innerText(),
      /^The CA certificate \/.+\/no-such-studio-ca\.pem cannot be read \(there is no such file\); give the PEM file of the CA/,
    );
    assert.equal(await ca.getAttribute('aria-invalid'), 'true');
    await ca.fill('');
    await ca.press('Tab');
    await caProblem.waitFor({ state: 'detached' });
    await main.getByRole('button', { name: 'Test connection' }).click();
    const answer = main.getByTestId('queue-test');
    await answer.waitFor();
    assert.equal(await answer.innerText(), `The queue server at ${masked} answers; 1 worker is connected.`);
    await main.getByRole('radiogroup', { name: 'Batch runs on' }).getByLabel('A queue server (Redis)').check();
    await page.waitForFunction(() =>
      (document.querySelector('input[name="batch-runs-on"]:checked')?.parentElement?.textContent ?? '').includes('queue server'),
    );

    const photos = join(root, 'photos');
    mkdirSync(photos);
    const inputs = await writePhotos(photos, [
      { name: 'big.jpg', width: 320, height: 240 },
      { name: 'small.jpg', width: 48, height: 32 },
    ]);
    await api.invoke('settings:set', { outputDir: join(root, 'out') });
    await api.invoke('queue:add', { paths: inputs, recursive: false });
    await show(page, 'Batch');
    const batch = page.getByRole('main', { name: 'Batch' });
    await batch.getByTestId('batch-server').getByText('Start sends the waiting photos to the queue server set in Settings.').waitFor();
    await batch.getByRole('button', { name: 'Start' }).click();
    const line = batch.getByTestId('batch-server');
    await line.getByText(`The photos run on the workers of the queue server at ${masked} · 1 worker connected.`).waitFor({ timeout: 30_000 });
    for (const input of inputs) {
      await page
        .locator(`tr.item[data-input="${input}"]:is([data-status="done"], [data-status="failed"], [data-status="skipped"])`)
        .waitFor({ timeout: 120_000 });
      const row = (await api.invoke('queue:get', {})).items.find((i) => i.input === input);
      assert.equal(row?.status, 'done', `${row?.error}\n${worker!.log()}`);
    }
    assert.match(await batch.getByTestId('batch-summary').innerText(), /^2 of 2 finished · 100%/);
    assert.ok(existsSync(join(root, 'out', 'big-dvar-x4.png')) && existsSync(join(root, 'out', 'small-dvar-x4.png')), 'the worker wrote both outputs');
    assert.equal((await page.content()).includes(PASSWORD), false, 'the password never reaches the page');
    assert.deepEqual(app.errors, []);
  } finally {
    api.close();
    await page.close();
  }
});
