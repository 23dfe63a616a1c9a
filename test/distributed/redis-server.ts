// A real redis-server for the queue tests: a free loopback port, its own temp folder, append-only
// persistence there (so a restart mid-run keeps the queue, as a production server should), and
// stop/restart on that same port. Tests skip with a message where redis-server is not installed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER_MISSING = spawnSync('redis-server', ['--version']).error
  ? 'redis-server is not installed (apt-get install redis-server, as .ci/run does)'
  : undefined;

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

  private constructor(readonly port: number, private readonly password?: string) {}

  static async start(options: { password?: string } = {}): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), options.password);
    await server.launch();
    return server;
  }

  /** redis://127.0.0.1:PORT, with the password when the server has one. */
  get url(): string {
    return this.password ? `redis://:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}` : `redis://127.0.0.1:${this.port}`;
  }

  private async launch(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];
    if (this.password) args.push('--requirepass', this.password);
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (d: Buffer) => {
        log += d;
        if (/Ready to accept connections/.test(log)) resolve();
      };
      child.stdout!.on('data', onData);
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

  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
