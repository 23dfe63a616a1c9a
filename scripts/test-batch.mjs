// Runs several test files in this one process (scripts/test-plan.mjs says which): each is imported in
// turn, and node:test runs their tests one after another as if each file had its own process. A file
// that fails to load is reported on stderr and fails the process; the other files still run.
//
//   node --import tsx scripts/test-batch.mjs FILE...
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

for (const file of process.argv.slice(2)) {
  try {
    await import(pathToFileURL(resolve(file)).href);
  } catch (error) {
    console.error(`${file} did not load:`, error);
    process.exitCode = 1;
  }
}
