// The host's log: lines appended to <userData>/logs/host.log (the path app:info reports) unless the
// embedding process keeps the log file itself (file null: Electron main writes main.log), passed to
// that process's logger, and announced to the renderer as `log` events (first line only: stack traces
// stay in the file).
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export type LogLevel = 'info' | 'warn' | 'error';

/** Past this size the log is moved to host.log.1 (one generation kept). */
const MAX_LOG_BYTES = 5 * 1024 * 1024;

export function createHostLog(file: string | null, sinks: { log?: (level: LogLevel, message: string) => void; event: (level: LogLevel, message: string) => void }) {
  let ready = false;
  return (level: LogLevel, message: string): void => {
    if (file !== null) appendLine(file, level, message);
    sinks.log?.(level, message);
    sinks.event(level, message.split('\n')[0]!);
  };

  function appendLine(file: string, level: LogLevel, message: string): void {
    try {
      if (!ready) {
        mkdirSync(dirname(file), { recursive: true });
        if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_LOG_BYTES) renameSync(file, `${file}.1`);
        ready = true;
      }
      appendFileSync(file, `${new Date().toISOString()} ${level.toUpperCase()} ${message}\n`);
    } catch {
      // A log that cannot be written must never break the request that logged.
    }
  }
}
