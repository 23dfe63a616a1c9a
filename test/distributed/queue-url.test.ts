// --queue URLs: what reaches ioredis (host, port, db, user, password, TLS for rediss://) and the
// sentence a mistyped URL gets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskPassword, parseQueueUrl } from '../../electron/distributed/queue-url.ts';

test('redis:// with defaults, a port, a database and a password', () => {
  const plain = parseQueueUrl('redis://queue.local');
  assert.deepEqual([plain.connection.host, plain.connection.port, plain.connection.db, plain.connection.tls], ['queue.local', 6379, 0, undefined]);
  const full = parseQueueUrl('redis://dvar:p%40ss%2Fword@10.0.0.5:6380/3');
  assert.equal(full.connection.port, 6380);
  assert.equal(full.connection.db, 3);
  assert.equal(full.connection.username, 'dvar');
  assert.equal(full.connection.password, 'p@ss/word');
  assert.equal(full.display, 'redis://dvar:***@10.0.0.5:6380/3');
  assert.equal(full.connection.maxRetriesPerRequest, null, 'BullMQ workers need commands retried for ever');
});

test('rediss:// turns TLS on and checks the certificate against the host name', () => {
  const { connection, display } = parseQueueUrl('rediss://:secret@redis.example.org:6390');
  assert.deepEqual(connection.tls, { servername: 'redis.example.org' });
  assert.equal(connection.password, 'secret');
  assert.equal(connection.username, undefined);
  assert.equal(display, 'rediss://:***@redis.example.org:6390');
});

test('rediss:// to an IP address checks the certificate against the address, sending no SNI name', () => {
  assert.deepEqual(parseQueueUrl('rediss://10.0.0.5:6390').connection.tls, {});
  assert.deepEqual(parseQueueUrl('rediss://[::1]:6390').connection.tls, {});
});

test('IPv6 literals lose their brackets', () => {
  assert.equal(parseQueueUrl('redis://[::1]:7000').connection.host, '::1');
});

test('mistyped URLs get one sentence that never shows the password', () => {
  for (const [text, why] of [
    ['localhost:6379', /scheme is localhost/],
    ['http://localhost', /scheme is http/],
    ['redis://:pw@host/zero', /database "zero" is not a number/],
    ['redis://:pw@host?db=1', /query or fragment/],
    ['not a url', /does not parse/],
  ] as const) {
    assert.throws(
      () => parseQueueUrl(text),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'USAGE');
        assert.match(error.message, why);
        assert.match(error.message, /^--queue .+; write redis:\/\/HOST:PORT or rediss:\/\/HOST:PORT for TLS\.$/);
        assert.ok(!error.message.includes(':pw@'), error.message);
        return true;
      },
    );
  }
});

test('maskPassword leaves URLs without a password alone', () => {
  assert.equal(maskPassword('redis://host:1/2'), 'redis://host:1/2');
  assert.equal(maskPassword('redis://user:pw@host'), 'redis://user:***@host');
});
