import { build } from 'esbuild';
import { bundling } from '/work/main/infra/bundling';
const name = process.argv[2]; const filt = new RegExp(process.argv[3] ?? '.');
const r = await build({ entryPoints: [`functions/${name}/index.ts`], outfile: `/tmp/b/${name}.mjs`, bundle: true, platform: 'node', target: bundling.target, format: bundling.format, mainFields: bundling.mainFields, minify: true, metafile: true, banner: { js: bundling.banner }, logLevel: 'error', write: false });
const out = Object.values(r.metafile.outputs)[0];
for (const [f, v] of Object.entries(out.inputs).filter(([f]) => filt.test(f)).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)) console.log(String(v.bytesInOutput).padStart(8), f);
