// How a child process ended, typed: events.once(child, 'exit') gives any[]. Like events.once, it rejects
// when the child emits 'error' first.
import type { ChildProcess } from 'node:child_process';

export function childExit(child: ChildProcess): Promise<[code: number | null, signal: NodeJS.Signals | null]> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error) => {
      child.off('exit', exited);
      reject(error);
    };
    const exited = (code: number | null, signal: NodeJS.Signals | null) => {
      child.off('error', failed);
      resolve([code, signal]);
    };
    child.once('exit', exited);
    child.once('error', failed);
  });
}
