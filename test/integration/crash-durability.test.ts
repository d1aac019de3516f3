/**
 * A 201 means "on disk", even on one machine: `npm start` is SIGKILLed as a whole (npm, Node and
 * DynamoDB Local's Java) in the middle of a burst of registrations, right after a 201 has been
 * received, and restarted on the same data; every case acknowledged before the kill must still be
 * there with its idempotency record (the retry replays it) and its case-number guard (the number
 * stays taken). DynamoDB Local acknowledges a transaction before committing it (see
 * `awaitLocalCommit` in shared/store/transactions.ts); without that barrier the last acknowledged
 * case was lost in every run.
 *
 * One crash by default; `npm run crash-test` runs five in a row on the same data
 * (CRASH_ROUNDS, and CRASH_AFTER for how many 201s each round waits for before the kill).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../shared/local/dynamodb-local';
import { reconsiderationBody } from '../support/cases';
import { authHeader } from '../support/http';
import { groupMembers, killAllStarted, killGroup, npmStart, waitUntil, waitUntilServing, type NpmStart } from './npm-start';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 1);
const KILL_AFTER = Number(process.env.CRASH_AFTER ?? 24);
const CLIENTS = 8;

afterAll(killAllStarted, 30_000);

interface Acknowledged {
  key: string;
  body: Record<string, unknown>;
  id: string;
  caseNumber: string;
}

async function serve(dataDir: string): Promise<{ run: NpmStart; base: string }> {
  const port = await freePort();
  const run = npmStart({ PORT: String(port), DYNAMODB_PORT: String(await freePort()), DATA_DIR: dataDir });
  await waitUntilServing(run, port);
  return { run, base: `http://127.0.0.1:${port}` };
}

/**
 * CLIENTS clients register cases until `killAfter` 201s have come back; the one that receives
 * the last of them SIGKILLs the whole process group at once, before anything else runs.
 */
async function registerUntilKilled(run: NpmStart, base: string, headers: Record<string, string>, killAfter: number): Promise<Acknowledged[]> {
  const acknowledged: Acknowledged[] = [];
  let killed = false;
  const client = async () => {
    while (!killed) {
      const key = `crash-${randomUUID()}`;
      const body = reconsiderationBody();
      let status: number;
      let answer: { id?: string };
      try {
        const res = await fetch(`${base}/cases`, { method: 'POST', headers: { ...headers, 'idempotency-key': key }, body: JSON.stringify(body) });
        status = res.status;
        answer = (await res.json()) as { id?: string };
      } catch {
        return; // the server is gone: this request was never acknowledged
      }
      if (killed) return;
      if (status !== 201 || typeof answer.id !== 'string') throw new Error(`POST /cases: ${status} ${JSON.stringify(answer)}`);
      acknowledged.push({ key, body, id: answer.id, caseNumber: String(body.caseNumber) });
      if (acknowledged.length === killAfter) {
        killed = true;
        killGroup(run, 'SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return acknowledged;
}

/** What of an acknowledged case is missing after the restart (empty when all of it survived). */
async function missing(base: string, headers: Record<string, string>, ack: Acknowledged): Promise<string[]> {
  const lost: string[] = [];
  const got = await fetch(`${base}/cases/${ack.id}`, { headers });
  const stored = (await got.json()) as { caseNumber?: string };
  if (got.status !== 200 || stored.caseNumber !== ack.caseNumber) lost.push(`case ${ack.id}: GET ${got.status}`);

  // The guard before the retry: a retry that is not replayed registers the number again.
  const again = await fetch(`${base}/cases`, {
    method: 'POST',
    headers: { ...headers, 'idempotency-key': `crash-${randomUUID()}` },
    body: JSON.stringify(reconsiderationBody({ caseNumber: ack.caseNumber })),
  });
  const refused = (await again.json()) as { code?: string };
  if (again.status !== 409 || refused.code !== 'CASE_NUMBER_TAKEN') lost.push(`case number ${ack.caseNumber}: ${again.status} ${String(refused.code)}`);

  const retry = await fetch(`${base}/cases`, { method: 'POST', headers: { ...headers, 'idempotency-key': ack.key }, body: JSON.stringify(ack.body) });
  const replay = (await retry.json()) as { id?: string };
  if (retry.status !== 201 || retry.headers.get('idempotent-replayed') !== 'true' || replay.id !== ack.id) {
    lost.push(`idempotency ${ack.key}: ${retry.status} replayed=${String(retry.headers.get('idempotent-replayed'))} id=${String(replay.id)}`);
  }
  return lost;
}

async function verify(base: string, headers: Record<string, string>, acknowledged: Acknowledged[]): Promise<string[]> {
  const lost: string[] = [];
  for (let i = 0; i < acknowledged.length; i += CLIENTS) {
    const batch = await Promise.all(acknowledged.slice(i, i + CLIENTS).map((ack) => missing(base, headers, ack)));
    lost.push(...batch.flat());
  }
  return lost;
}

describe('npm start killed with SIGKILL mid-burst', () => {
  it('keeps every case it answered 201, with its idempotency record and its case-number guard', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ct-crash-'));
    const headers = { ...(await authHeader('legal-office')), 'content-type': 'application/json' };
    const acknowledged: Acknowledged[] = [];

    for (let round = 1; round <= ROUNDS; round++) {
      const { run, base } = await serve(dataDir);
      if (round === 1) {
        const agency = await fetch(`${base}/agencies`, { method: 'POST', headers, body: JSON.stringify({ id: 'market-regulation', name: '区市场监督管理局' }) });
        expect(agency.status).toBe(201);
      } else {
        expect(await verify(base, headers, acknowledged)).toEqual([]);
      }
      const answered = await registerUntilKilled(run, base, headers, KILL_AFTER);
      expect(answered).toHaveLength(KILL_AFTER);
      acknowledged.push(...answered);
      expect(await waitUntil(() => groupMembers(run.pgid).length === 0, 20_000)).toBe(true);
    }

    const { run, base } = await serve(dataDir);
    expect(await verify(base, headers, acknowledged)).toEqual([]);
    killGroup(run, 'SIGTERM');
    expect(await waitUntil(() => groupMembers(run.pgid).length === 0, 20_000)).toBe(true);
  }, 300_000 * ROUNDS);
});
