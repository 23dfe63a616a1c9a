// Engines a worker keeps open between jobs: opening a pack costs seconds, a photo should not pay it.
// One engine per job running at once (--concurrency), so concurrent restores never share sessions.
import type { RestoreEngine } from '../jobs/index.ts';

export interface ClosableEngine extends RestoreEngine {
  close(): Promise<void>;
}

export class EnginePool {
  private readonly idle = new Map<string, ClosableEngine[]>();
  private readonly all = new Set<ClosableEngine>();

  constructor(private readonly open: (packDir: string) => Promise<ClosableEngine>) {}

  /** An idle engine for this pack, or a newly opened one. */
  async acquire(packDir: string): Promise<ClosableEngine> {
    const reused = this.idle.get(packDir)?.pop();
    if (reused) return reused;
    const engine = await this.open(packDir);
    this.all.add(engine);
    return engine;
  }

  release(packDir: string, engine: ClosableEngine): void {
    const list = this.idle.get(packDir) ?? [];
    list.push(engine);
    this.idle.set(packDir, list);
  }

  async closeAll(): Promise<void> {
    const engines = [...this.all];
    this.all.clear();
    this.idle.clear();
    await Promise.all(engines.map((e) => e.close()));
  }
}
