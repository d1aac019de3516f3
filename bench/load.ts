import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signLocalToken } from '../shared/auth/local-jwt';
import { chinaToday, systemClock } from '../shared/domain/clock';
import { freePort } from '../shared/local/dynamodb-local';
import { median, percentile, round } from './stats';

async function waitForHealth(base: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error('npm start exited');
    try {
      if ((await fetch(`${base}/health`)).status === 200) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('npm start did not become healthy');
}

/**
 * `npm start`'s server under 16 concurrent clients for 30 s of a realistic mix: 70% reads
 * (cases, lists, the board, statistics, hearings), 30% writes (registrations with idempotency
 * keys, some of them retried; steps; confirmations).
 */
export async function measureLoad(seconds = 30, clients = 16) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ['--import', 'tsx', 'shared/local/start.ts'], {
    env: { ...process.env, PORT: String(port), DYNAMODB_PORT: String(await freePort()), DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-load-')), LOG_LEVEL: 'WARN' },
    stdio: 'ignore',
  });
  try {
    await waitForHealth(base, server);
    const legal = { authorization: `Bearer ${await signLocalToken({ role: 'legal-office', name: '压测' })}`, 'content-type': 'application/json' };
    const reader = { authorization: `Bearer ${await signLocalToken({ role: 'stats-reader' })}` };
    const today = chinaToday(systemClock);
    const post = async (path: string, body: unknown, extra: Record<string, string> = {}) => {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: { ...legal, ...extra }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    await post('/agencies', { id: 'market-regulation', name: '区市场监督管理局' });
    const decided: string[] = [];
    for (let i = 0; i < 20; i++) {
      const created = await post('/cases', { kind: 'reconsideration', caseNumber: `潞复〔2026〕L${i}号`, agencyId: 'market-regulation', receivedOn: '2026-03-02', parties: [{ role: 'applicant', name: '张三' }] });
      const id = created.body.id as string;
      await post(`/cases/${id}/actions`, { type: 'accept', on: '2026-03-03' });
      await post(`/cases/${id}/actions`, { type: 'decide', on: '2026-04-20', outcome: 'uphold' });
      decided.push(id);
    }
    const litigation = await post('/cases', { kind: 'litigation', caseNumber: '(2026)晋0403行初L1号', agencyId: 'market-regulation', receivedOn: '2026-03-02', parties: [{ role: 'plaintiff', name: '某公司' }] });
    const hearing = await post(`/cases/${litigation.body.id as string}/hearings`, { scheduledAt: '2030-06-01T09:00:00+08:00', court: '法院', kind: 'court' });
    const hearingId = hearing.body.id as string;

    let registrations = 0;
    const mix: [number, () => Promise<Response>, string][] = [
      [25, () => fetch(`${base}/cases/${decided[Math.floor(Math.random() * decided.length)]}`, { headers: legal }), 'get case'],
      [15, () => fetch(`${base}/cases?limit=20`, { headers: legal }), 'list cases'],
      [10, () => fetch(`${base}/deadlines?limit=50`, { headers: legal }), 'board'],
      [10, () => fetch(`${base}/statistics`, { headers: reader }), 'statistics'],
      [10, () => fetch(`${base}/hearings?limit=50`, { headers: legal }), 'hearings'],
      [
        15,
        () => {
          // One registration in five is a client retrying with the same key and body.
          const n = Math.random() < 0.2 && registrations > 0 ? Math.floor(Math.random() * registrations) : registrations++;
          return fetch(`${base}/cases`, {
            method: 'POST',
            headers: { ...legal, 'idempotency-key': `load-${n}` },
            body: JSON.stringify({ kind: 'reconsideration', caseNumber: `潞复〔2026〕LOAD${n}号`, agencyId: 'market-regulation', receivedOn: today, parties: [{ role: 'applicant', name: '李四' }] }),
          });
        },
        'register',
      ],
      [10, () => fetch(`${base}/cases/${decided[Math.floor(Math.random() * decided.length)]}/actions`, { method: 'POST', headers: legal, body: JSON.stringify({ type: 'record-performance', on: today, performed: true }) }), 'action'],
      [5, () => fetch(`${base}/hearings/${hearingId}/confirmation`, { method: 'PUT', headers: legal, body: JSON.stringify({ attendance: 'head', head: { name: '李局长', title: 'principal' } }) }), 'confirm'],
    ];
    const total = mix.reduce((sum, [weight]) => sum + weight, 0);
    const pick = () => {
      let r = Math.random() * total;
      for (const entry of mix) if ((r -= entry[0]) < 0) return entry;
      return mix[0]!;
    };
    const latencies: number[] = [];
    const byRoute = new Map<string, number[]>();
    let errors = 0;
    const failures = new Map<string, number>();
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < deadline) {
          const [, request, label] = pick();
          const started = performance.now();
          try {
            const res = await request();
            const text = await res.text();
            if (res.status >= 400) {
              errors += 1;
              // Counted by status and problem code, so a failure says what it was.
              const code = /"code":"([A-Z_]+)"/.exec(text)?.[1] ?? 'no code';
              const key = `${label}: ${res.status} ${code}`;
              failures.set(key, (failures.get(key) ?? 0) + 1);
            }
          } catch (error) {
            errors += 1;
            const key = `${label}: ${error instanceof Error ? error.message : 'network error'}`;
            failures.set(key, (failures.get(key) ?? 0) + 1);
          }
          const took = performance.now() - started;
          latencies.push(took);
          const times = byRoute.get(label) ?? [];
          times.push(took);
          byRoute.set(label, times);
        }
      }),
    );
    return {
      requests: latencies.length,
      errors,
      rps: round(latencies.length / seconds, 1),
      p50Ms: round(median(latencies)),
      p99Ms: round(percentile(latencies, 99)),
      byRoute: Object.fromEntries([...byRoute].map(([label, times]) => [label, { requests: times.length, p50Ms: round(median(times)), p99Ms: round(percentile(times, 99)) }])),
      ...(failures.size ? { failures: Object.fromEntries(failures) } : {}),
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}
