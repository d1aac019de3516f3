/**
 * Runs `npm start` as a user or a process manager does, for the tests of the local server's life
 * cycle (start guard, SIGTERM, crash durability). Each start is its own process group (detached),
 * so a test can SIGKILL all of it — npm, sh, tsx, Node and Java — as `kill -9 -PGID` does, and can
 * check that nothing of it is left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const root = new URL('../..', import.meta.url).pathname;

export interface NpmStart {
  child: ChildProcess;
  /** the process group: npm's pid */
  pgid: number;
  stdout(): string;
  stderr(): string;
  /** resolves with npm's exit code (null when killed by a signal) */
  exited: Promise<number | null>;
}

const started: NpmStart[] = [];

export function npmStart(env: Record<string, string>): NpmStart {
  const child = spawn('npm', ['start'], {
    cwd: root,
    detached: true,
    env: { ...process.env, LOG_LEVEL: 'WARN', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('npm did not start');
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const run = { child, pgid: child.pid, stdout: () => out, stderr: () => err, exited };
  started.push(run);
  return run;
}

/** Waits until the API answers /health and returns the pid of the Java it printed. */
export async function waitUntilServing(run: NpmStart, port: number, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (run.child.exitCode !== null || run.child.signalCode !== null) {
      throw new Error(`npm start exited:\n${run.stdout()}\n${run.stderr()}`);
    }
    const pid = /DynamoDB Local .*\(pid (\d+)\)/.exec(run.stdout())?.[1];
    if (pid) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) return Number(pid);
      } catch {
        // not answering yet
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`npm start did not serve within ${timeoutMs} ms:\n${run.stdout()}\n${run.stderr()}`);
}

/** `/proc/<pid>/stat`: [state, pgid], or undefined when the process is gone. */
function stat(pid: number): [string, number] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid pgrp ..." — comm may hold spaces and parentheses, so split after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return [fields[0] ?? '?', Number(fields[2])];
  } catch {
    return undefined;
  }
}

/** Whether the process runs (a zombie waiting for a reaper counts as gone). */
export function isAlive(pid: number): boolean {
  const s = stat(pid);
  return s !== undefined && s[0] !== 'Z' && s[0] !== 'X';
}

/** The live processes of a process group. */
export function groupMembers(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      const s = stat(pid);
      return s !== undefined && s[1] === pgid && s[0] !== 'Z' && s[0] !== 'X';
    });
}

export async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

export function killGroup(run: NpmStart, signal: NodeJS.Signals): void {
  try {
    process.kill(-run.pgid, signal);
  } catch {
    // already gone
  }
}

/** For afterAll: every group a test started is killed, Java included, whatever the test did. */
export async function killAllStarted(): Promise<void> {
  for (const run of started) killGroup(run, 'SIGKILL');
  await waitUntil(() => started.every((run) => groupMembers(run.pgid).length === 0), 10_000);
}
