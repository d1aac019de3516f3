import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  /** path and query, as sent */
  url: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status: number;
  body?: unknown;
}

/**
 * An HTTP receiver on 127.0.0.1 (a free port) standing in for a robot or a webhook endpoint: it
 * records every request and answers from a script per path (then with `fallback`).
 */
export interface Receiver {
  base: string;
  received: Received[];
  at(path: string): Received[];
  /** the next answers for a path, in order; afterwards the path's default */
  script(path: string, answers: Answer[], otherwise?: Answer): void;
  close(): Promise<void>;
}

export async function startReceiver(fallback: Answer = { status: 200, body: { errcode: 0, errmsg: 'ok' } }): Promise<Receiver> {
  const received: Received[] = [];
  const scripts = new Map<string, { queue: Answer[]; otherwise: Answer }>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '/';
      const path = url.split('?')[0] ?? '/';
      received.push({ method: req.method ?? '', url, path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const script = scripts.get(path);
      const answer = script?.queue.shift() ?? script?.otherwise ?? fallback;
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    received,
    at: (path) => received.filter((r) => r.path === path),
    script(path, answers, otherwise = fallback) {
      scripts.set(path, { queue: [...answers], otherwise });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
