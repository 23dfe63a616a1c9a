// An HTTP request with full control of its headers (fetch may not set Host, Origin or Sec-Fetch-*): what
// the web host's security and reliability tests send to see exactly how it answers a request a browser
// or an attacker could make.
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:http';

export interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export function rawRequest(url: string, headers: Record<string, string> = {}, method = 'GET', body?: string | Buffer): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    request(url, { headers, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end(body);
  });
}
