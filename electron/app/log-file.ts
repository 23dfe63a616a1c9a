// A rotating log file: Electron's <userData>/logs/main.log (Help → Open Log File) and the web host's
// host.log. One line per entry; when the file would pass `maxBytes` it becomes NAME.1.log (NAME.1 →
// NAME.2 ...), keeping `keep` old files. Writes are synchronous appends of one short line: a crash never loses the line before it,
// and nothing high-rate (progress events) is logged.
import { appendFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeFilePrivate, makePrivateDir, PRIVATE_FILE_MODE } from './private-files.ts';

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogFile {
  readonly path: string;
  write(level: LogLevel, message: string): void;
}

export interface LogFileOptions {
  name?: string;
  maxBytes?: number;
  keep?: number;
  now?: () => Date;
}

export function formatLogLine(time: Date, level: LogLevel, message: string): string {
  return `${time.toISOString()} ${level.toUpperCase().padEnd(5)} ${message.replace(/\r?\n/g, ' | ')}\n`;
}

export function openLogFile(dir: string, options: LogFileOptions = {}): LogFile {
  const { name = 'main.log', maxBytes = 5 * 1024 * 1024, keep = 3, now = () => new Date() } = options;
  const stem = name.replace(/\.log$/, '');
  const path = join(dir, name);
  const rotated = (index: number) => join(dir, `${stem}.${index}.log`);
  // The log names every photo opened and every folder used: this user's alone (private-files.ts).
  makePrivateDir(dir);
  makeFilePrivate(path);
  let size = existsSync(path) ? statSync(path).size : 0;
  let failed = false;

  const rotate = () => {
    rmSync(rotated(keep), { force: true });
    for (let index = keep - 1; index >= 1; index--) {
      if (existsSync(rotated(index))) renameSync(rotated(index), rotated(index + 1));
    }
    if (keep > 0) renameSync(path, rotated(1));
    else rmSync(path, { force: true });
    size = 0;
  };

  return {
    path,
    write(level, message) {
      const line = formatLogLine(now(), level, message);
      const bytes = Buffer.byteLength(line);
      try {
        if (size > 0 && size + bytes > maxBytes) rotate();
        appendFileSync(path, line, { mode: PRIVATE_FILE_MODE });
        size += bytes;
        failed = false;
      } catch (error) {
        // Logging must never take the app down; say so once on stderr and keep going.
        if (!failed) console.error(`Could not write the log file ${path}: ${(error as Error).message}`);
        failed = true;
      }
    },
  };
}
