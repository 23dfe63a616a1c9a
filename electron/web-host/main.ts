// `npm run web`: DVAR Studio's host without Electron. Serves the built renderer and the contract on
// http://127.0.0.1:5174/ for a browser, Playwright, or (with --host) a remote machine. The page is served
// only to a browser that opens the printed address, which holds the page key (page-key.ts); the address
// is also written to <data>/web-host.url, readable by this user alone. A new session token every start;
// the served page carries it (page-token.ts). One host per data folder: a lock file keeps a second one
// from sharing the queue.
//   tsx electron/web-host/main.ts [--port 5174] [--data DIR] [--host 127.0.0.1] [--renderer DIR]
//                                 [--token TOKEN] [--allow-origin ORIGIN]...
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isAlive } from '../jobs/index.ts';
import { stopOnSignals } from '../jobs/index.ts';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../app/private-files.ts';
import { DEFAULT_PORT, DEFAULT_RENDERER_DIR, startWebHost, type WebHost } from './server.ts';

const HELP = `Usage: npm run web -- [options]

Runs DVAR Studio's host in a browser-facing server: the built renderer, photos and the API.

  --port N             port to listen on (default ${DEFAULT_PORT}; 0 = any free port)
  --data DIR           settings, queue and caches (default: the per-user config folder, dvar-studio-web)
  --host ADDR          address to bind (default 127.0.0.1; anything else is reachable from other machines)
  --renderer DIR       the built renderer (default renderer/dist)
  --token TOKEN        the session token (A-Z, a-z, 0-9, _, -; default: a random one per start)
  --allow-origin URL   also accept WebSocket connections from this page origin (repeatable)
  -h, --help           show this help
`;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
/** Longer than the engine client waits for a graph run (120 s), so its sentence comes first. */
const STOP_PATIENCE_MS = 150_000;

function defaultDataDir(): string {
  const name = 'dvar-studio-web';
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), name);
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', name);
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), name);
}

function version(): string {
  const pkg = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json');
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

/** A stale lock (its process is gone) is taken over; a live one stops us. */
function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'web-host.lock');
  makePrivateDir(dataDir);
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx', mode: PRIVATE_FILE_MODE });
  } catch {
    const pid = Number(readFileSync(file, 'utf8'));
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) {
      throw new Error(`Another DVAR Studio web host (process ${pid}) is using ${dataDir}; stop it or pass --data with another folder.`);
    }
    writeFileSync(file, String(process.pid), { mode: PRIVATE_FILE_MODE });
  }
  return () => rmSync(file, { force: true });
}

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      data: { type: 'string' },
      host: { type: 'string' },
      renderer: { type: 'string' },
      token: { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a whole number from 0 to 65535, not "${values.port}".`);
  const bindAddress = values.host ?? '127.0.0.1';
  // Always a token, even on loopback: any web page can send requests to 127.0.0.1 (docs/security.md).
  const token = values.token ?? randomBytes(24).toString('base64url');
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw new Error('--token may only use A-Z, a-z, 0-9, _ and -.');
  return {
    help: values.help ?? false,
    port,
    bindAddress,
    token,
    dataDir: resolve(values.data ?? defaultDataDir()),
    rendererDir: resolve(values.renderer ?? DEFAULT_RENDERER_DIR),
    allowedOrigins: values['allow-origin'] ?? [],
  };
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`dvar web: ${(error as Error).message.split('\n')[0]} Run with --help for the options.\n`);
    return 2;
  }
  if (options.help) return (process.stdout.write(HELP), 0);

  let unlock: () => void;
  let web: WebHost;
  try {
    unlock = lockDataDir(options.dataDir);
    web = await startWebHost({
      ...options,
      version: version(),
      log: (level, message) => level !== 'info' && process.stderr.write(`${level}: ${message}\n`),
    }).catch((error) => {
      unlock();
      throw error;
    });
  } catch (error) {
    process.stderr.write(`dvar web: ${(error as Error).message}\n`);
    return 1;
  }
  // The address holds the page key: this user's own tools find it here, no other account can read it.
  const urlFile = join(options.dataDir, 'web-host.url');
  writeFileSync(urlFile, `${web.url}\n`, { mode: PRIVATE_FILE_MODE });
  chmodSync(urlFile, PRIVATE_FILE_MODE); // one left by a host that was killed keeps its old mode otherwise
  process.stdout.write(
    `DVAR Studio web host: ${web.url}\nOpen that address (also in ${urlFile}); keep it to yourself: it admits to your photos.\nData: ${options.dataDir}\n`,
  );
  if (!LOOPBACK.has(options.bindAddress)) {
    process.stdout.write(`Listening on ${options.bindAddress}: anyone who can reach it and has the address above can read the photos you add.\n`);
  }
  const stopped = () => {
    rmSync(urlFile, { force: true });
    unlock();
  };

  // A photo cut off by a second Ctrl-C leaves only a hidden temp file, which the queue removes when it
  // resumes that photo on the next start. The stop waits for the engine's graph run in flight (ending
  // its thread mid-run aborts the process); one that never returns is left behind after a while.
  stopOnSignals({
    patienceMs: STOP_PATIENCE_MS,
    gracefully: async () => {
      process.stdout.write('Stopping; a photo in progress resumes on the next start.\n');
      await web.close().finally(stopped);
      return 0;
    },
    quickly: stopped,
  });
  return 0;
}

const code = await main();
if (code !== 0) process.exit(code);
