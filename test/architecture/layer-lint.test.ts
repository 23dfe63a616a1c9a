// The layer table as the editor sees it: ESLint's no-restricted-imports rules, built from
// scripts/layers.json in eslint.config.js, flag an import that runs the wrong way, a deep import past an
// entry module and a value the renderer takes from the contract, and let the allowed ones pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { REPO_ROOT } from '../helpers/fixtures.ts';

// The code is linted as if it were a file of that path; such a file is in no TypeScript project, so the
// rules that need types are left out (the layer rules need none).
const eslint = new ESLint({ cwd: REPO_ROOT, overrideConfig: tseslint.configs.disableTypeChecked });

/** The layer messages ESLint gives `code` as if it were the file at `path`. */
async function layerProblems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(REPO_ROOT, path) });
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

test('imports against the layers are marked as they are typed; allowed ones are not', async () => {
  const cases: Array<[string, string, RegExp | null]> = [
    ['electron/engine/x.ts', "import { a } from '../jobs/index.ts';\nexport const b = a;\n", /engine may not import jobs/],
    ['electron/cli/x.ts', "import { a } from '../jobs/restore-files.ts';\nexport const b = a;\n", /Enter jobs through electron\/jobs\/index\.ts/],
    ['electron/cli/x.ts', "import { a } from '../jobs/index.ts';\nexport const b = a;\n", null],
    ['renderer/src/lib/x.ts', "import { a } from '../../../electron/ipc/contract.ts';\nexport const b = a;\n", /only types from the contract/],
    ['renderer/src/lib/x.ts', "import type { A } from '../../../electron/ipc/contract.ts';\nexport type B = A;\n", null],
    ['renderer/src/lib/x.ts', "import type { A } from '../../../electron/engine/index.ts';\nexport type B = A;\n", /renderer may not import engine/],
    [
      'bench/x.ts',
      "import { a } from '../electron/engine/pipeline/luma.ts';\nimport { c } from '../test/distributed/redis-server.ts';\nexport const b = [a, c];\n",
      null,
    ],
    ['bench/x.ts', "import { a } from '../electron/app/host.ts';\nexport const b = a;\n", /bench may not import app/],
  ];
  for (const [path, code, expected] of cases) {
    const problems = await layerProblems(path, code);
    if (expected)
      assert.ok(
        problems.some((p) => expected.test(p)),
        `${path}: ${problems.join(' | ') || 'nothing flagged'}`,
      );
    else assert.deepEqual(problems, [], path);
  }
});
