import { fileURLToPath } from 'node:url';

/**
 * Paths resolved from this module's URL rather than `__dirname` (absent in ESM under tsx and
 * vitest) or `process.cwd()` (which depends on where the CLI or test runner was started).
 */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export const lockFile = fileURLToPath(new URL('../package-lock.json', import.meta.url));

/** The entry point of a Lambda: `functions/<name>/index.ts`. */
export function functionEntry(name: string): string {
  return fileURLToPath(new URL(`../functions/${name}/index.ts`, import.meta.url));
}
