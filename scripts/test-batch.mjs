// Runs several test files in this one process (scripts/test-plan.mjs says which): each is imported in
// turn, and node:test runs their tests one after another as if each file had its own process.
//
//   node --import tsx scripts/test-batch.mjs FILE...
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

for (const file of process.argv.slice(2)) await import(pathToFileURL(resolve(file)).href);
