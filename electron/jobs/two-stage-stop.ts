// Ctrl-C (or SIGTERM) for the long-running commands (the web host, a queue worker): the first stops
// gracefully, a second leaves at once with 130 after `quickly` (no partial output is ever left: a
// photo cut off mid-write is only a hidden temp file).

export interface TwoStageStop {
  /** The first signal: finish or hand back what is in hand, then exit with the returned code. */
  gracefully: () => Promise<number>;
  /** The second signal, before exiting with 130 (e.g. remove temp files, release a lock). */
  quickly: () => void;
}

export function stopOnSignals({ gracefully, quickly }: TwoStageStop): void {
  let stopping = false;
  const stop = () => {
    if (stopping) {
      quickly();
      process.exit(130);
    }
    stopping = true;
    gracefully().then((code) => process.exit(code), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
