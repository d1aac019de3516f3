import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { allFunctionNames } from '../infra/api-functions';
import { bundling } from '../infra/bundling';

export const bundleDir = join(process.cwd(), '.bench', 'bundles');

/** Bundles one entry as the stack does (esbuild, minified ESM, source map beside it, AWS SDK inside). */
async function bundle(name: string, entry: string): Promise<{ name: string; file: string; bytes: number }> {
  const dir = join(bundleDir, name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'index.mjs');
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: bundling.target,
    format: bundling.format,
    mainFields: bundling.mainFields,
    minify: bundling.minify,
    sourcemap: bundling.sourceMap,
    sourcesContent: bundling.sourcesContent,
    banner: { js: bundling.banner },
    logLevel: 'error',
  });
  return { name, file, bytes: statSync(file).size };
}

export async function buildBundles() {
  const functions = await Promise.all(allFunctionNames.map((name) => bundle(name, join('functions', name, 'index.ts'))));
  const [floor, directSdk] = await Promise.all([bundle('floor', join('bench', 'floor.ts')), bundle('direct-sdk', join('bench', 'direct-sdk.ts'))]);
  return { functions, floor, directSdk };
}
