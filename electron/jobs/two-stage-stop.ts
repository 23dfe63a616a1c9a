// Ctrl-C (or SIGTERM) for the long-running commands (the web host, a queue worker): the first stops
// gracefully, a second leaves at once after `quickly`, dying of that signal as a shell expects (130
// after Ctrl-C; no partial output is ever left: a photo cut off mid-write is only a hidden temp file).
//
// Leaving at once never goes through process.exit: it waits for every worker thread, and one that is
// inside an onnxruntime run then aborts the process ("terminate called after throwing an instance of
// 'Napi::Error'") or hangs. Dying of the signal ends every thread where it stands.

export interface TwoStageStop {
  /** The first signal: finish or hand back what is in hand, then exit with the returned code. */
  gracefully: () => Promise<number>;
  /** The second signal, before leaving at once (e.g. remove temp files, release a lock). */
  quickly: () => void;
  /** How long the graceful stop may take before leaving anyway, with a sentence (default: no limit). */
  patienceMs?: number;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type StopSignal = (typeof SIGNALS)[number];

/** Ends the process by `signal`'s default action: no exit handlers, no waiting for threads. */
function dieOf(signal: StopSignal): never {
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
  // The signal is delivered at once; this only runs where it could not be (never on Linux or macOS).
  process.kill(process.pid, 'SIGKILL');
  throw new Error(`The process did not end on ${signal}.`);
}

export function stopOnSignals({ gracefully, quickly, patienceMs }: TwoStageStop): void {
  // Some libraries answer a signal by running their clean-up and sending the same signal again
  // (when-exit, under conf and atomically), which would read as a second Ctrl-C and cut the graceful
  // stop short. Their clean-up also runs on 'exit', which every graceful stop ends in, so their signal
  // listeners go. (process.listeners hides tsx's own relay, which stays.)
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
  }
  let stopping = false;
  const stop = (signal: StopSignal) => {
    if (stopping) {
      quickly();
      dieOf(signal);
    }
    stopping = true;
    if (patienceMs !== undefined) {
      setTimeout(() => {
        process.stderr.write(`The stop did not finish within ${Math.ceil(patienceMs / 1000)} s (a restore step that never returns). Leaving now.\n`);
        quickly();
        dieOf(signal);
      }, patienceMs);
    }
    gracefully().then(
      (code) => process.exit(code),
      (error: Error) => {
        // E.g. the engine's thread is stuck in a run: process.exit would wait for it forever.
        process.stderr.write(`${error.message.split('\n')[0]} Leaving now.\n`);
        quickly();
        dieOf(signal);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, stop);
}
