// The host's log: lines appended to <userData>/logs/host.log (the path app:info reports) unless the
// embedding process keeps the log file itself (file null: Electron main writes main.log), passed to
// that process's logger, and announced to the renderer as `log` events (first line only: stack traces
// stay in the file).
import { basename, dirname } from 'node:path';
import { openLogFile, type LogFile, type LogLevel } from './log-file.ts';

export type { LogLevel };

export function createHostLog(
  file: string | null,
  sinks: { log?: (level: LogLevel, message: string) => void; event: (level: LogLevel, message: string) => void },
) {
  let logFile: LogFile | undefined;
  return (level: LogLevel, message: string): void => {
    if (file !== null) {
      try {
        // Opened on first use, with one old generation kept (host.1.log).
        logFile ??= openLogFile(dirname(file), { name: basename(file), keep: 1 });
        logFile.write(level, message);
      } catch {
        // A log that cannot be written must never break the request that logged.
      }
    }
    sinks.log?.(level, message);
    sinks.event(level, message.split('\n')[0]!);
  };
}
