// The WASM heap of tfjs-backend-wasm: a wasm32 memory that only ever grows, up to 4 GiB, and is never
// given back. It holds every tensor, and XNNPACK keeps buffers sized to the largest input each cached
// convolution has seen, so a whole-image run needs a heap that grows with the image. At the cap the
// threaded build does not fail, it hangs: esrgan-thick on a whole 720 px input (a fresh process, 2
// threads) filled the heap (RSS flat at 4.4 GB), then its main thread spun at full speed inside the
// allocator's free(), called from tfjs's dispose (the same wasm instruction at every pause in the
// inspector), while the XNNPACK worker slept on a futex; the speed section's >20 min esrgan-thick run at
// 4 MP looks the same: one run needs as much heap on 1 thread as on 2 (850 MiB at 250 px), but only
// the threaded build's heap grew on repeats of the same input (2.2 → 2.8 GiB for esrgan-medium at
// 500 px), so three repeats per size after slim and medium took it to the cap. Keeping the inputs small
// (tiles, upscalerjs.ts) is the fix. Besides, tfjs-wasm does not check what _malloc returns to its
// JavaScript side (a failed allocation gives address 0, which it would write the tensor over): the
// guard below turns that into one clear error. Here: the heap's size, and that guard.
import * as tf from '@tensorflow/tfjs';

/** The few members of the Emscripten module tfjs-wasm keeps as `backend.wasm`. */
interface WasmModule {
  HEAPU8: Uint8Array;
  _malloc(bytes: number): number;
  /** Set once the guard is installed, so installing twice wraps once. */
  mallocGuarded?: boolean;
}

function wasmModule(): WasmModule | null {
  return tf.getBackend() === 'wasm' ? ((tf.backend() as unknown as { wasm?: WasmModule }).wasm ?? null) : null;
}

/** Bytes the tfjs-wasm heap has grown to (it never shrinks); null when tfjs runs another backend. */
export function wasmHeapBytes(): number | null {
  return wasmModule()?.HEAPU8.buffer.byteLength ?? null;
}

/**
 * Makes the tensor allocations tfjs-wasm does from JavaScript throw when the heap cannot hold them,
 * rather than hand back address 0. Allocations inside the C++ kernels are out of its reach (the hang
 * above came from there): keeping the inputs small (tiles) is what keeps those in bounds.
 */
export function guardWasmMalloc(): void {
  const wasm = wasmModule();
  if (!wasm || wasm.mallocGuarded) return;
  const malloc = wasm._malloc.bind(wasm);
  wasm._malloc = (bytes: number) => {
    const at = malloc(bytes);
    if (at === 0 && bytes > 0) {
      const heapMiB = Math.round(wasm.HEAPU8.buffer.byteLength / 2 ** 20);
      throw new Error(
        `tfjs-wasm could not allocate ${Math.round(bytes / 2 ** 20)} MiB: its heap is at ${heapMiB} MiB of the 4096 MiB a wasm32 memory may reach`,
      );
    }
    return at;
  };
  wasm.mallocGuarded = true;
}
