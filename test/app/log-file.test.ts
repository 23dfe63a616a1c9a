// The log file: one line per entry, rotation by size, never throws.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatLogLine, openLogFile } from '../../electron/app/log-file.ts';
import { makeTempDir } from '../helpers/images.ts';

const temp = makeTempDir('log');
after(temp.cleanup);
const time = new Date('2026-11-28T12:00:00.000Z');

test('a line per entry, newlines folded', () => {
  assert.equal(formatLogLine(time, 'warn', 'two\nlines'), '2026-11-28T12:00:00.000Z WARN  two | lines\n');
  const log = openLogFile(join(temp.dir, 'a', 'logs'), { now: () => time });
  log.write('info', 'started');
  log.write('error', 'failed');
  assert.equal(readFileSync(log.path, 'utf8'), formatLogLine(time, 'info', 'started') + formatLogLine(time, 'error', 'failed'));
  assert.match(log.path, /logs[\\/]main\.log$/);
});

test('rotates at maxBytes, keeping `keep` old files, newest first', () => {
  const dir = join(temp.dir, 'b');
  const lineBytes = formatLogLine(time, 'info', 'entry 0').length;
  const log = openLogFile(dir, { now: () => time, maxBytes: lineBytes * 2, keep: 2 });
  for (let i = 0; i < 7; i++) log.write('info', `entry ${i}`);
  assert.deepEqual(readdirSync(dir).sort(), ['main.1.log', 'main.2.log', 'main.log']);
  const entries = (name: string) =>
    readFileSync(join(dir, name), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' ').at(-1));
  assert.deepEqual([entries('main.2.log'), entries('main.1.log'), entries('main.log')], [['2', '3'], ['4', '5'], ['6']]);
});

test('an existing file counts toward the limit; a write error does not throw', () => {
  const dir = join(temp.dir, 'c');
  openLogFile(dir).write('info', 'x');
  writeFileSync(join(dir, 'main.log'), 'x'.repeat(100));
  openLogFile(dir, { maxBytes: 120 }).write('info', 'this line does not fit');
  assert.deepEqual(readdirSync(dir).sort(), ['main.1.log', 'main.log']);

  const blocked = join(temp.dir, 'd');
  const log = openLogFile(blocked);
  mkdirSync(log.path); // a folder where the file should be: every append fails
  const errors: unknown[][] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void errors.push(args);
  try {
    assert.doesNotThrow(() => {
      log.write('info', 'one');
      log.write('info', 'two');
    });
  } finally {
    console.error = original;
  }
  assert.equal(errors.length, 1, 'said once');
});
