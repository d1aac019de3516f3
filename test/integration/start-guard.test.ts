import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../shared/local/dynamodb-local';
import { groupMembers, isAlive, killAllStarted, npmStart, waitUntil, waitUntilServing } from './npm-start';

afterAll(killAllStarted, 30_000);

describe('npm start next to a running npm start', () => {
  it('refuses ports in use with one clear line, exits non-zero and leaves no Java; SIGTERM stops Node and Java', async () => {
    const port = await freePort();
    const dynamoPort = await freePort();
    const first = npmStart({ PORT: String(port), DYNAMODB_PORT: String(dynamoPort), DATA_DIR: mkdtempSync(join(tmpdir(), 'ct-guard-a-')) });
    const java = await waitUntilServing(first, port);
    expect(isAlive(java)).toBe(true);

    // The same two ports: the API port is refused before any Java is started.
    const same = npmStart({ PORT: String(port), DYNAMODB_PORT: String(dynamoPort), DATA_DIR: mkdtempSync(join(tmpdir(), 'ct-guard-b-')) });
    // Another API port and data dir, the same DynamoDB Local port: once, this one took the first
    // instance's DynamoDB Local for its own and swept the first instance's data.
    const otherDataDir = mkdtempSync(join(tmpdir(), 'ct-guard-c-'));
    const sameDynamo = npmStart({ PORT: String(await freePort()), DYNAMODB_PORT: String(dynamoPort), DATA_DIR: otherDataDir });
    const [sameCode, sameDynamoCode] = await Promise.all([same.exited, sameDynamo.exited]);

    expect(sameCode).not.toBe(0);
    const sameLines = same.stderr().split('\n').filter((line) => line.includes(String(port)));
    expect(sameLines).toEqual([expect.stringContaining(`API 端口 ${port} 已被占用`)]);
    expect(same.stderr()).not.toMatch(/EADDRINUSE|\n\s+at /);

    expect(sameDynamoCode).not.toBe(0);
    const dynamoLines = sameDynamo.stderr().split('\n').filter((line) => line.includes(String(dynamoPort)));
    expect(dynamoLines).toEqual([expect.stringContaining(`DynamoDB Local 端口 ${dynamoPort} 已被占用`)]);
    expect(sameDynamo.stderr()).not.toMatch(/EADDRINUSE|BindException|\n\s+at /);
    // It never started a Java of its own, so it wrote nothing in its data dir.
    expect(readdirSync(otherDataDir)).toEqual([]);

    // Neither refused start left a process behind, and the first one still serves.
    expect(groupMembers(same.pgid)).toEqual([]);
    expect(groupMembers(sameDynamo.pgid)).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    expect(isAlive(java)).toBe(true);

    // SIGTERM to npm alone (what a process manager sends) stops Node and Java, as Ctrl-C does.
    process.kill(first.pgid, 'SIGTERM');
    await first.exited;
    expect(await waitUntil(() => !isAlive(java), 20_000)).toBe(true);
    expect(await waitUntil(() => groupMembers(first.pgid).length === 0, 20_000)).toBe(true);
  }, 240_000);
});
