import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    env: { LOG_LEVEL: 'SILENT', TZ: 'UTC', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // Generous for a two-core machine shared with other work, where a DynamoDB Local round trip can
    // take ten times as long as on an idle one; a test that hangs still fails, only later.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // DynamoDB Local is one Java process for the run; a couple of files at a time keep it responsive.
    maxWorkers: 2,
  },
});
