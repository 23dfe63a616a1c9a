// Runs every `*.test.ts` under test/ with Node's test runner and tsx (Node 20 has no test globs).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const filter = process.argv[2];
const files = findTests('test').filter((f) => !filter || f.includes(filter)).sort();
if (files.length === 0) {
  console.error('No test files found under test/.');
  process.exit(1);
}
const run = (paths, env = process.env) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...paths], { stdio: 'inherit', env }).status ?? 1;

let status = run(files);
// The browser suite runs a second time in the smallest window the app supports (issue 10), unless a
// filter picked files or the caller chose a size already.
const browserTests = files.filter((f) => f.startsWith(join('test', 'e2e')));
if (status === 0 && !filter && browserTests.length && !process.env.DVAR_E2E_VIEWPORT) {
  console.log('# The browser tests again at 1024×700');
  status = run(browserTests, { ...process.env, DVAR_E2E_VIEWPORT: '1024x700' });
}
process.exit(status);
