import { fileURLToPath } from 'node:url';

/**
 * How every Lambda is bundled: the stack's NodejsFunction and `npm run bench` both use these, so
 * the bench measures the bundles that are deployed.
 */
export const bundling = {
  target: 'node22',
  format: 'esm' as const,
  mainFields: ['module', 'main'],
  minify: true,
  // The map is shipped beside each bundle and read only when an error is logged
  // (shared/log/stack.ts), not by `--enable-source-maps`: Node would read and parse all of it on
  // every cold start (side by side here: +21 ms for the floor, +29 ms for api-cases). Positions
  // and names are all a stack trace needs; without copies of the sources the map is a third.
  sourceMap: true,
  sourcesContent: false,
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  // The AWS SDK imports node:http as ESM, which loads undici on Node 22 (see node-http.cjs).
  alias: { 'node:http': fileURLToPath(new URL('./node-http.cjs', import.meta.url)) },
};
