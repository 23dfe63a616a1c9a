// Which accelerators this computer's onnxruntime can use, told from the files beside its binding and the
// platform, without loading onnxruntime (the app's host process asks, and never loads it itself).
// onnxruntime-node ships DirectML inside its Windows build and Core ML inside its macOS build; CUDA (and
// TensorRT) on Linux are listed by the build but work only once their provider libraries are installed.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type Accelerator = 'cuda' | 'dml' | 'coreml';

/** Whether the provider library of a backend that is not bundled has been installed beside the binding. */
export function providerLibraryInstalled(name: string): boolean {
  try {
    const binding = dirname(createRequire(import.meta.url).resolve('onnxruntime-node'));
    const dir = join(binding, '..', 'bin', 'napi-v6', process.platform, process.arch);
    return existsSync(join(dir, `libonnxruntime_providers_${name}.so`)) || existsSync(join(dir, `onnxruntime_providers_${name}.dll`));
  } catch {
    return false;
  }
}

/** The accelerators worth offering here; CPU is always there and not listed. */
export function acceleratorsHere(platform = process.platform): Accelerator[] {
  const here: Accelerator[] = [];
  if (platform === 'win32') here.push('dml');
  if (platform === 'darwin') here.push('coreml');
  if ((platform === 'linux' || platform === 'win32') && providerLibraryInstalled('cuda')) here.push('cuda');
  return here;
}
