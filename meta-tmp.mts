import { build } from 'esbuild';
import { bundling } from '/work/main/infra/bundling';
const name = process.argv[2];
const r = await build({ entryPoints: [name === 'floor' ? 'bench/floor.ts' : `functions/${name}/index.ts`], outfile: `/tmp/b/${name}.mjs`, bundle: true, platform: 'node', target: bundling.target, format: bundling.format, mainFields: bundling.mainFields, minify: true, metafile: true, banner: { js: bundling.banner }, logLevel: 'error' });
const out = Object.values(r.metafile.outputs)[0];
const groups: Record<string, number> = {};
for (const [f, v] of Object.entries(out.inputs)) {
  let k = f;
  const m = f.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m) k = m[1]; else k = f.split('/').slice(0, 3).join('/');
  groups[k] = (groups[k] ?? 0) + v.bytesInOutput;
}
console.log(name, out.bytes);
for (const [k, v] of Object.entries(groups).sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(String(v).padStart(8), k);
