// Child process for queue-crash.test.ts: a host that queues a folder, starts it and prints its events
// as JSON lines until the test kills it with SIGKILL (no cleanup of any kind runs).
import { tinyHost } from './host-helpers.ts';

const [dataDir, folder] = process.argv.slice(2) as [string, string];
const host = await tinyHost(dataDir);
host.on((channel, payload) => {
  const { preview: _preview, ...rest } = payload as Record<string, unknown>;
  process.stdout.write(`${JSON.stringify({ channel, payload: rest })}\n`);
});
await host.handle('queue:add', { paths: [folder], recursive: false });
await host.handle('queue:start', {});
