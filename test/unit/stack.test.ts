import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceMappedStack } from '../../shared/log/stack';

// A two-file program bundled and minified as the functions are, map beside it without sources.
describe('source-mapped stacks of logged errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stack-'));
  let stack = '';

  beforeAll(async () => {
    writeFileSync(join(dir, 'inner.ts'), "export function parse(text: string): number {\n  if (text === '') throw new TypeError('empty');\n  return Number(text);\n}\n");
    writeFileSync(join(dir, 'entry.ts'), "import { parse } from './inner';\n\nexport function run(text: string): number {\n  return parse(text) + 1;\n}\n");
    await build({ entryPoints: [join(dir, 'entry.ts')], outfile: join(dir, 'out', 'index.mjs'), bundle: true, format: 'esm', platform: 'node', minify: true, sourcemap: true, sourcesContent: false, logLevel: 'error' });
    // Thrown in a plain node process: vitest would map the stack itself while importing the bundle.
    const url = pathToFileURL(join(dir, 'out', 'index.mjs')).href;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(url)}); try { m.run(''); } catch (e) { process.stdout.write(e.stack); }`], { encoding: 'utf8' });
    stack = run.stdout;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('points frames of a bundle at the source files and lines', () => {
    expect(stack).toMatch(/index\.mjs:\d+:\d+/);
    const mapped = sourceMappedStack(stack)!.split('\n');
    expect(mapped[0]).toBe('TypeError: empty');
    // the sources as the map names them, relative to the bundle's folder, without leading ../
    expect(mapped[1]).toMatch(/^ {4}at \S+ \(inner\.ts:2:\d+\)$/);
    expect(mapped[2]).toMatch(/^ {4}at \S+ \(entry\.ts:4:\d+\)$/);
    expect(mapped.join('\n')).not.toContain('index.mjs');
  });

  it('leaves frames alone where no map is beside the file, and lines that are not frames', () => {
    const stack = 'Error: x\n    at f (/nowhere/app.js:1:2)\n    at node:internal/process/task_queues:95:5\n    at async g (/work/shared/a.ts:3:4)';
    expect(sourceMappedStack(stack)).toBe(stack);
    expect(sourceMappedStack(undefined)).toBeUndefined();
  });
});
