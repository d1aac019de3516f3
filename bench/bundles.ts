import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { allFunctionNames } from '../infra/api-functions';
import { bundling } from '../infra/bundling';

export const bundleDir = join(process.cwd(), '.bench', 'bundles');

export type BundlePart = 'sdk' | 'zod' | 'hono' | 'own' | 'other';
export interface Bundle {
  name: string;
  file: string;
  bytes: number;
  /** bytes of minified code by where it comes from (before the banner and esbuild's glue) */
  parts: Record<BundlePart, number>;
}

/** The AWS SDK and what it brings (the floor's part), the two libraries of the stack, our code. */
function partOf(path: string): BundlePart {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
  if (pkg === undefined) return 'own';
  if (/^@aws-sdk\/|^@smithy\/|^@aws\/|^mnemonist$|^obliterator$|^tslib$/.test(pkg)) return 'sdk';
  if (pkg === 'zod' || pkg === 'hono') return pkg;
  return 'other';
}

/** Bundles one entry as the stack does (esbuild, minified ESM, source map beside it, AWS SDK inside). */
async function bundle(name: string, entry: string): Promise<Bundle> {
  const dir = join(bundleDir, name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'index.mjs');
  const result = await build({
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
    alias: bundling.alias,
    metafile: true,
    logLevel: 'error',
  });
  const inputs = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined)?.inputs ?? {};
  const parts: Record<BundlePart, number> = { sdk: 0, zod: 0, hono: 0, own: 0, other: 0 };
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) parts[partOf(path)] += bytesInOutput;
  return { name, file, bytes: statSync(file).size, parts };
}

export async function buildBundles() {
  const functions = await Promise.all(allFunctionNames.map((name) => bundle(name, join('functions', name, 'index.ts'))));
  const [floor, stackFloor, directSdk] = await Promise.all([
    bundle('floor', join('bench', 'floor.ts')),
    bundle('stack-floor', join('bench', 'stack-floor.ts')),
    bundle('direct-sdk', join('bench', 'direct-sdk.ts')),
  ]);
  return { functions, floor, stackFloor, directSdk };
}
