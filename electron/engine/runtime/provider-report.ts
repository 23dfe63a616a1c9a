// What the engine tells the user about where it runs: one provider name and one sentence, built from
// the provider each graph actually opened with, so a pipeline that is only partly on an accelerator
// never claims to run on it as a whole.
import type { ProviderReport } from '../types.ts';

/** `perGraph`: graph name → provider it opened with; `tried`: notes and failures met on the way. */
export function describeProviders(perGraph: Record<string, string>, tried: readonly string[]): ProviderReport {
  const used = [...new Set(Object.values(perGraph))];
  const accelerators = used.filter((p) => p !== 'cpu');
  const attempts = tried.length ? ` (${tried.join('; ')})` : '';
  if (accelerators.length === 0) {
    const why = tried.length ? `no accelerator was usable (${tried.join('; ')})` : 'no accelerator was requested';
    return { name: 'cpu', reason: `Running on the CPU because ${why}.`, graphs: perGraph };
  }
  const accelerator = accelerators.join('+');
  const onCpu = Object.keys(perGraph).filter((g) => perGraph[g] === 'cpu');
  if (onCpu.length === 0) {
    return { name: accelerator, reason: `Running on ${accelerator}, the first available accelerator${attempts}.`, graphs: perGraph };
  }
  return {
    name: `${accelerator}+cpu`,
    reason: `Running partly on ${accelerator}: the ${onCpu.join(', ')} graph${onCpu.length > 1 ? 's run' : ' runs'} on the CPU${attempts}.`,
    graphs: perGraph,
  };
}
