import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../shared/local/dynamodb-local';
import { JAVA_INSTALL_COMMAND } from '../../shared/local/java';
import { authHeader } from '../support/http';

const root = new URL('../..', import.meta.url).pathname;
const started: ChildProcess[] = [];

function startServer(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'shared/local/start.ts'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'WARN', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  return child;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * A start is Node loading the server through tsx and DynamoDB Local's JVM coming up: a few seconds
 * on an idle machine, close to a minute on two cores shared with other test runs. The wait is
 * bounded by time (not by a number of polls, which stretches with the load) and ends at once if the
 * server exits.
 */
const START_TIMEOUT_MS = 150_000;

async function waitForHealth(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('the server exited');
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not become healthy');
}

/** Java processes serving DynamoDB Local on this port. */
function javaOnPort(port: number): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).stdout;
  return ps.split('\n').filter((line) => line.includes('DynamoDBLocal.jar') && line.includes(`-port ${port}`));
}

afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm start', () => {
  it('without Java, fails at once with the command to install it', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'nojava-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const child = startServer({ PATH: bin });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await exited(child)).toBe(1);
    expect(stderr).toContain(JAVA_INSTALL_COMMAND);
  });

  it('serves the API, stops cleanly on SIGINT with no Java left, and keeps the data across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ct-data-'));
    mkdirSync(dataDir, { recursive: true });
    const port = await freePort();
    const dynamoPort = await freePort();
    const env = { PORT: String(port), DYNAMODB_PORT: String(dynamoPort), DATA_DIR: dataDir };
    const headers = { ...(await authHeader('legal-office')), 'content-type': 'application/json' };

    const first = startServer(env);
    let stdout = '';
    first.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    await waitForHealth(port, first);
    expect(stdout).toContain(`http://localhost:${port}/docs`);
    const created = await fetch(`http://127.0.0.1:${port}/agencies`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ id: 'housing-construction', name: '区住房和城乡建设局' }),
    });
    expect(created.status).toBe(201);
    expect(javaOnPort(dynamoPort)).toHaveLength(1);

    first.kill('SIGINT');
    expect(await exited(first)).toBe(0);
    expect(javaOnPort(dynamoPort)).toHaveLength(0);

    const second = startServer(env);
    await waitForHealth(port, second);
    const listed = await fetch(`http://127.0.0.1:${port}/agencies`, { headers });
    const body = (await listed.json()) as { items: { id: string }[] };
    expect(body.items.map((a) => a.id)).toContain('housing-construction');
    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);
    expect(javaOnPort(dynamoPort)).toHaveLength(0);
  }, 2 * START_TIMEOUT_MS + 60_000);
});
