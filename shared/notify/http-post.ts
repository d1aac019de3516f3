import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** the first 16 KB of the answer, as text */
  body: string;
}

export type PostJson = (url: string, body: string, headers: Record<string, string>, timeoutMs: number) => Promise<HttpAnswer>;

const MAX_ANSWER = 16 * 1024;

/**
 * One POST with node:http(s), not `fetch`: undici costs ~45 ms of cold start (README, Design notes),
 * and a notifier needs no more than this. Redirects are not followed: a target that answers 3xx
 * has moved, and following it could lead a request somewhere it was never meant to go.
 */
export const postJson: PostJson = (url, body, headers, timeoutMs) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'case-tracker-notifier/1', ...headers },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_ANSWER) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).subarray(0, MAX_ANSWER).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
