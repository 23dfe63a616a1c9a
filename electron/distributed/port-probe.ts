// What a Redis port speaks, asked directly: plain RESP or TLS. Used only after a connection failed, to
// turn "Connection is closed." or a timeout into the sentence that names the fix (redis:// for a plain
// port, rediss:// for a TLS one). Each probe is one short connection that sends nothing secret.
import { connect as connectPlain } from 'node:net';
import { connect as connectTls } from 'node:tls';

const PROBE_MS = 2000;

/** Whether a plain-text PING gets a Redis reply (+PONG, or -NOAUTH/-ERR from a server that wants a password). */
export function answersPlainRedis(host: string, port: number, timeoutMs = PROBE_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectPlain({ host, port });
    const done = (answer: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data: Buffer) => done(data[0] === 0x2b /* + */ || data[0] === 0x2d /* - */));
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}

/** Whether the port completes a TLS handshake, whoever signed its certificate (this only asks what it speaks). */
export function answersTls(host: string, port: number, timeoutMs = PROBE_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTls({ host, port, rejectUnauthorized: false });
    const done = (answer: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('secureConnect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}
