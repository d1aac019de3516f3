/**
 * How every Lambda is bundled: the stack's NodejsFunction and `npm run bench` both use these, so
 * the bench measures the bundles that are deployed.
 */
export const bundling = {
  target: 'node22',
  format: 'esm' as const,
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
};
