// A real redis-server for the queue tests: a free loopback port, its own temp folder, append-only
// persistence there (so a restart mid-run keeps the queue, as a production server should), and
// stop/restart on that same port. Tests skip with a message where redis-server is not installed.
// With `tls` it serves TLS only (--port 0 --tls-port), as a server on a network you do not control should.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER_MISSING = spawnSync('redis-server', ['--version']).error
  ? 'redis-server is not installed (apt-get install redis-server, as .ci/run does)'
  : undefined;

/** Why TLS tests cannot run here: a redis-server built without TLS rejects the tls-port directive. */
export function redisTlsMissing(): string | undefined {
  if (REDIS_SERVER_MISSING) return REDIS_SERVER_MISSING;
  // Listening nowhere, a TLS build exits at once ("Configured to not listen anywhere").
  const run = spawnSync('redis-server', ['--port', '0', '--tls-port', '0', '--save', ''], { encoding: 'utf8', timeout: 10_000 });
  return /Bad directive/.test(`${run.stdout}${run.stderr}`) ? "this redis-server was built without TLS (Debian's redis-server package has it)" : undefined;
}

export interface RedisTls {
  certFile: string;
  keyFile: string;
  /** The CA that signed certFile; clients need not present certificates of their own. */
  caFile: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export class RedisServer {
  private child?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'dvar-redis-'));

  private constructor(
    readonly port: number,
    private readonly password?: string,
    private readonly tls?: RedisTls,
  ) {}

  static async start(options: { password?: string; tls?: RedisTls } = {}): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), options.password, options.tls);
    await server.launch();
    return server;
  }

  /** redis://127.0.0.1:PORT (rediss:// for TLS), with the password when the server has one. */
  get url(): string {
    const scheme = this.tls ? 'rediss' : 'redis';
    return this.password ? `${scheme}://:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}` : `${scheme}://127.0.0.1:${this.port}`;
  }

  private async launch(): Promise<void> {
    const listen = this.tls
      ? [
          '--port',
          '0',
          '--tls-port',
          String(this.port),
          '--tls-cert-file',
          this.tls.certFile,
          '--tls-key-file',
          this.tls.keyFile,
          '--tls-ca-cert-file',
          this.tls.caFile,
          '--tls-auth-clients',
          'no',
        ]
      : ['--port', String(this.port)];
    const args = [...listen, '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];
    if (this.password) args.push('--requirepass', this.password);
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (d: Buffer) => {
        log += d.toString();
        if (/Ready to accept connections/.test(log)) resolve();
      };
      child.stdout.on('data', onData);
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${log}`)));
    });
    child.removeAllListeners('exit');
  }

  /** Stops the server the way a service manager does (SIGTERM: it flushes its append-only file). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    this.child = undefined;
  }

  /** Kills the server the way a crash or power loss does (SIGKILL: nothing flushed, no goodbye to clients). */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
    this.child = undefined;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
