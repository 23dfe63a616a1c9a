#!/usr/bin/env node
// The `dvar` command (package.json "bin": `npm link` puts it on the PATH). The CLI is TypeScript, run
// through tsx in this process, as `npm run restore --` runs it, so Ctrl-C and exit codes are its own.
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/main.ts');
