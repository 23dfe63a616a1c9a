// Wall-clock time per pipeline stage, summed over tiles and scales (reported by the CLI and bench/).
export class StageTimings {
  readonly totals: Record<string, number> = {};

  async time<T>(stage: string, work: () => Promise<T> | T): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.totals[stage] = (this.totals[stage] ?? 0) + performance.now() - start;
    }
  }
}
