import { spawnSync } from 'node:child_process';

export const JAVA_INSTALL_COMMAND = 'apt-get update && apt-get install -y openjdk-17-jre-headless';

/** The major version of the `java` on PATH, or undefined when there is none. */
export function javaMajorVersion(): number | undefined {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 10_000 });
  if (result.error || result.status !== 0) return undefined;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  if (!match?.[1]) return undefined;
  const major = Number(match[1]);
  // Java 8 and older report "1.8.0_x".
  return major === 1 && match[2] ? Number(match[2]) : major;
}

/** DynamoDB Local needs Java 17+. Returns an explanation when it is missing, else undefined. */
export function javaProblem(): string | undefined {
  const major = javaMajorVersion();
  if (major === undefined) {
    return `DynamoDB Local needs a Java 17+ runtime and \`java\` was not found on PATH.\nInstall one with:\n  ${JAVA_INSTALL_COMMAND}`;
  }
  if (major < 17) {
    return `DynamoDB Local needs Java 17 or newer; \`java\` on PATH is Java ${major}.\nInstall a newer one with:\n  ${JAVA_INSTALL_COMMAND}`;
  }
  return undefined;
}
