// The WASM heap of tfjs-backend-wasm: a wasm32 memory that only ever grows, up to 4 GiB, and is never
// given back. It holds every tensor, and XNNPACK keeps buffers sized to the largest input each cached
// convolution has seen. tfjs-wasm does not check what _malloc returns: once the heap cannot grow any
// more, malloc answers 0 and the backend writes the tensor over address 0, the allocator's and XNNPACK's
// own state. So a run near the cap does not fail, it corrupts the heap (and, on the threaded build, can
// leave the pthreads waiting on each other for ever). Here: the heap's size, and a guard that turns a
// failed allocation into one clear error instead.
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
 * rather than hand back address 0. Allocations inside the C++ kernels are out of its reach: keeping
 * the inputs small (tiles) is what keeps those in bounds.
 */
export function guardWasmMalloc(): void {
  const wasm = wasmModule();
  if (!wasm || wasm.mallocGuarded) return;
  const malloc = wasm._malloc.bind(wasm);
  wasm._malloc = (bytes: number) => {
    const at = malloc(bytes);
    if (at === 0 && bytes > 0) {
      const heapMiB = Math.round(wasm.HEAPU8.buffer.byteLength / 2 ** 20);
      throw new Error(`tfjs-wasm could not allocate ${Math.round(bytes / 2 ** 20)} MiB: its heap is at ${heapMiB} MiB of the 4096 MiB a wasm32 memory may reach`);
    }
    return at;
  };
  wasm.mallocGuarded = true;
}
