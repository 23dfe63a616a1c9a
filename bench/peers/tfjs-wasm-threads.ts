// Threaded TensorFlow.js WASM under Node. tfjs-backend-wasm turns threads off under Node (its
// WASM_HAS_MULTITHREAD_SUPPORT flag answers false there), and even when asked it hands Emscripten its
// pthread worker script and its main script as Blobs: Node's worker_threads cannot start a Worker from a
// blob: URL, and the worker's importScripts reads files. So, for the backend's initialisation only, Blobs
// become real files: every Blob written is a .cjs file in a scratch folder and URL.createObjectURL gives
// its path. The main script is the threaded module factory's source, cut out of the Node bundle, so it
// refers to the bundle's module-scope names (require$$0 for fs, …): each file starts with a prelude that
// defines them, and teaches the worker's own URL.createObjectURL to accept the file-backed Blob that
// arrives in its `load` message (a structured clone: a plain object with the `path`).
// One more cap: the backend gives XNNPACK at most half the logical cores (it assumes two hardware
// threads per core), so on a 2-core machine it would still run 1 thread; while the module starts,
// os.cpus() lists at least twice the threads asked for, and the cap is the thread count asked for.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Module-scope names of dist/tf-backend-wasm.node.js that the threaded factory's source uses. */
const PRELUDE = [
  "var require$$0 = require('fs'), require$$1 = require('path'), require$$3 = require('perf_hooks'), require$$4 = require('os');",
  'var commonjsGlobal = globalThis;',
  "if (typeof URL.createObjectURL === 'function' && !URL.createObjectURL.fileBacked) {",
  '  const make = URL.createObjectURL, revoke = URL.revokeObjectURL;',
  "  URL.createObjectURL = Object.assign((b) => (b && typeof b.path === 'string' ? b.path : make(b)), { fileBacked: true });",
  "  URL.revokeObjectURL = (u) => (String(u).startsWith('blob:') ? revoke(u) : undefined);",
  '}',
  '',
].join('\n');

/** A Blob whose bytes live in a file; only what the Emscripten loader needs (its path). */
function fileBlobClass(dir: string) {
  let count = 0;
  return class FileBlob {
    readonly path: string;
    constructor(parts: Array<string | Uint8Array>) {
      this.path = join(dir, `script-${count++}.cjs`);
      writeFileSync(this.path, PRELUDE + parts.map((p) => (typeof p === 'string' ? p : Buffer.from(p).toString('utf8'))).join(''));
    }
  };
}

/** URL's object-URL statics as functions of URL, so the originals can be kept aside, called and put back. */
const objectUrls: { createObjectURL: (this: typeof URL, obj: Blob) => string; revokeObjectURL: (this: typeof URL, id: string) => void } = URL;

/**
 * Runs `init` (the tfjs `setBackend('wasm')` call, after `setThreadsCount(threads)`) with file-backed
 * Blobs, the multithread flag on and enough logical cores listed for `threads`, then puts them back. The scratch files are removed once the workers have read them (they read
 * them while the backend initialises, before `init` resolves).
 */
export async function withThreadedWasm<T>(threads: number, setFlag: (on: boolean) => void, init: () => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'dvar-tfjs-threads-'));
  const saved = { Blob: globalThis.Blob, create: objectUrls.createObjectURL, revoke: objectUrls.revokeObjectURL, cpus: os.cpus };
  const cpus = os.cpus();
  while (cpus.length < 2 * threads) cpus.push(cpus[0]!);
  os.cpus = () => cpus;
  const FileBlob = fileBlobClass(dir);
  (globalThis as { Blob: unknown }).Blob = FileBlob;
  URL.createObjectURL = (b: unknown) => (b instanceof FileBlob ? b.path : saved.create.call(URL, b as Blob));
  URL.revokeObjectURL = (u: string) => (u.startsWith('blob:') ? saved.revoke.call(URL, u) : undefined);
  setFlag(true);
  try {
    return await init();
  } finally {
    globalThis.Blob = saved.Blob;
    URL.createObjectURL = saved.create;
    URL.revokeObjectURL = saved.revoke;
    os.cpus = saved.cpus;
    rmSync(dir, { recursive: true, force: true });
  }
}
