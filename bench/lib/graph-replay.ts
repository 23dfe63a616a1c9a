// One graph's time on recorded inputs (graph-feeds.ts), for several versions of it at once (float32,
// int8): every version replays the same calls in turn, round after round, and keeps its best round, so
// a shared machine's load falls on all of them alike. Besides wall time, the process's CPU time (all its
// threads): under a loaded machine the wall time of the best round still waits on other processes,
// while the CPU time counts only the work done. Sessions use the engine's options (CPU, `threads`, no
// spinning).
import * as ort from 'onnxruntime-node';
import { sessionOptions } from '../../electron/engine/runtime/graph-session.ts';
import type { Feeds } from './graph-feeds.ts';

export interface ReplayTime {
  /** Best round's wall time to run all the calls once. */
  wallMs: number;
  /** Best round's CPU time (user + system, every thread of this process). */
  cpuMs: number;
}

/** Per graph file in `files`, its best times to run all of `calls` once. */
export async function replayMs(files: string[], calls: Feeds[], threads: number, rounds: number): Promise<ReplayTime[]> {
  const sessions = [];
  for (const file of files) sessions.push(await ort.InferenceSession.create(file, sessionOptions('cpu', { providers: ['cpu'], threads, spinWait: false })));
  try {
    const once = async (session: ort.InferenceSession): Promise<ReplayTime> => {
      const [wall, cpu] = [performance.now(), process.cpuUsage()];
      for (const feeds of calls) await session.run(feeds);
      const used = process.cpuUsage(cpu);
      return { wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
    };
    for (const s of sessions) await once(s); // warm-up: first runs allocate
    const best = sessions.map(() => ({ wallMs: Infinity, cpuMs: Infinity }));
    for (let r = 0; r < rounds; r++) {
      for (const [i, s] of sessions.entries()) {
        const t = await once(s);
        best[i] = { wallMs: Math.min(best[i]!.wallMs, t.wallMs), cpuMs: Math.min(best[i]!.cpuMs, t.cpuMs) };
      }
    }
    return best;
  } finally {
    for (const s of sessions) await s.release();
  }
}
