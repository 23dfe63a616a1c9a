// queue-clients.ts against a real redis-server: killed with SIGKILL, closing returns (BullMQ's own
// close waited for ever) and what waited on the dead server fails with ioredis' "Connection is closed.";
// with the server up, every connection is closed, the copies BullMQ made (QueueEvents') included.
// The `timeout` only turns a hang back into a failure; nothing here measures speed.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { QueueClients } from '../../electron/distributed/queue-clients.ts';
import { parseQueueUrl } from '../../electron/distributed/queue-url.ts';
import { RESTORE_QUEUE_NAME } from '../../electron/distributed/restore-job.ts';
import { REDIS_SERVER_MISSING, RedisServer } from './redis-server.ts';

const servers: RedisServer[] = [];
const GUARD = { timeout: 60_000, skip: REDIS_SERVER_MISSING };

after(async () => {
  for (const server of servers) await server.dispose();
});

async function open(): Promise<{ redis: RedisServer; clients: QueueClients; queue: Queue; events: QueueEvents }> {
  const redis = await RedisServer.start();
  servers.push(redis);
  const clients = new QueueClients(parseQueueUrl(redis.url).connection);
  const queue = new Queue(RESTORE_QUEUE_NAME, { connection: clients.client });
  const events = new QueueEvents(RESTORE_QUEUE_NAME, { connection: clients.client });
  queue.on('error', () => undefined);
  events.on('error', () => undefined);
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  return { redis, clients, queue, events };
}

test('the server killed: close ends every client and a command waiting on it fails', GUARD, async () => {
  const { redis, clients, queue, events } = await open();
  await redis.kill();
  await sleep(500); // let the clients find the server gone and start retrying
  const waiting = assert.rejects(queue.getJob('restore-nothing'), /Connection is closed/);
  await clients.close(() => Promise.all([events.close(), queue.close()]), { deadlineMs: 5000 });
  await waiting;
  assert.equal(clients.client.status, 'end');
});

test('the server up: close quits every client and the queue keeps its data', GUARD, async () => {
  const { clients, queue, events, redis } = await open();
  await queue.add('restore', { input: 'a' }, { jobId: 'restore-kept' });
  await clients.close(() => Promise.all([events.close(), queue.close()]), { deadlineMs: 5000 });
  assert.equal(clients.client.status, 'end');
  const probe = new Redis(redis.port, '127.0.0.1');
  try {
    assert.match(String(await probe.hget(`bull:${RESTORE_QUEUE_NAME}:restore-kept`, 'data')), /"input":"a"/);
    const connected = String(await probe.client('LIST'))
      .trim()
      .split('\n');
    assert.equal(connected.length, 1, `only the probe's own connection is left:\n${connected.join('\n')}`);
  } finally {
    probe.disconnect();
  }
});
