// Picks onnxruntime execution providers: the platform's accelerator when this onnxruntime build has
// it, CPU always last. The caller reports which one actually opened and why.
import * as ort from 'onnxruntime-node';
import { providerLibraryInstalled } from './provider-libraries.ts';

export interface ProviderPlan {
  candidates: string[];
  notes: string[];
}

const ACCELERATORS_BY_PLATFORM: Record<string, string[]> = {
  linux: ['cuda'],
  win32: ['dml', 'cuda'],
  darwin: ['coreml'],
};

function availableBackends(): Map<string, boolean> {
  const list = (ort as { listSupportedBackends?: () => Array<{ name: string; bundled: boolean }> }).listSupportedBackends?.() ?? [];
  return new Map(list.map((b) => [b.name, b.bundled]));
}

/** `requested` (e.g. from settings) wins; otherwise the platform's accelerators, then CPU. */
export function planProviders(requested?: readonly string[], platform = process.platform): ProviderPlan {
  const notes: string[] = [];
  const wanted = requested?.length ? [...requested] : [...(ACCELERATORS_BY_PLATFORM[platform] ?? [])];
  const backends = availableBackends();
  const candidates: string[] = [];
  for (const name of wanted) {
    if (name === 'cpu') continue;
    const bundled = backends.get(name);
    if (bundled === undefined) notes.push(`${name} is not in this onnxruntime build`);
    else if (bundled || providerLibraryInstalled(name)) candidates.push(name);
    else notes.push(`${name} libraries are not installed`);
  }
  candidates.push('cpu');
  return { candidates, notes };
}
