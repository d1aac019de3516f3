import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { type AddressPolicy, bareHost, checkedAddresses, resolveAll, type ResolveAll, type ResolvedAddress } from './target-address';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** the first 16 KB of the answer, as text */
  body: string;
}

export type PostJson = (url: string, body: string, headers: Record<string, string>, timeoutMs: number) => Promise<HttpAnswer>;

/** A target the notifier will not connect to (its address is private): a failure for good, not retried. */
export class RefusedTarget extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'RefusedTarget';
  }
}

const MAX_ANSWER = 16 * 1024;

/**
 * Hands the connection the addresses already checked, whatever the DNS would answer now: a name
 * cannot resolve to a public address for the check and to a private one for the connection (DNS
 * rebinding). Node asks with `all: true` when it may try several addresses (autoSelectFamily).
 */
function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const first = addresses[0] as ResolvedAddress;
    if (options.all) callback(null, addresses.map((a) => ({ address: a.address, family: a.family })));
    else callback(null, first.address, first.family);
  };
}

export interface GuardOptions extends AddressPolicy {
  /** how host names are resolved (default node:dns lookup, every address) */
  resolve?: ResolveAll;
}

/**
 * One POST with node:http(s), not `fetch`: undici costs ~45 ms of cold start (README, Design notes),
 * and a notifier needs no more than this. Redirects are not followed: a target that answers 3xx
 * has moved, and following it could lead a request somewhere it was never meant to go. Before
 * connecting, the host is resolved and every address checked (target-address.ts): a private,
 * link-local or (in AWS) loopback address is refused with RefusedTarget, and the connection goes to
 * the checked addresses only. A name that does not resolve is a network failure (retried).
 */
export function guardedPostJson(options: GuardOptions): PostJson {
  const resolve = options.resolve ?? resolveAll;
  return async (url, body, headers, timeoutMs) => {
    const target = new URL(url);
    const checked = await checkedAddresses(target.hostname, options, resolve);
    if (!checked.ok) {
      if (checked.resolved) throw new RefusedTarget(checked.reason);
      throw new Error(checked.reason);
    }
    return send(target, body, headers, timeoutMs, bareHost(target.hostname) === checked.addresses[0]?.address ? undefined : pinnedLookup(checked.addresses));
  };
}

function send(target: URL, body: string, headers: Record<string, string>, timeoutMs: number, lookup: LookupFunction | undefined): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'case-tracker-notifier/1', ...headers },
        timeout: timeoutMs,
        ...(lookup ? { lookup } : {}),
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
}
