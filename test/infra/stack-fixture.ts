import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Environment } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll } from 'vitest';
import { addCaseTrackerStack } from '../../infra/case-tracker-app';
import type { CaseTrackerStack } from '../../infra/case-tracker-stack';

/** The feature flags and settings of cdk.json, so a test synthesizes what `npm run synth` does. */
function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export interface StackFixture {
  app: App;
  stack: CaseTrackerStack;
  template: Template;
  outdir: string;
}

/**
 * The stack as infra/app.ts builds it. Bundling is skipped (`aws:cdk:bundling-stacks: []`) unless
 * asked for: esbuild runs in exactly one test. Call it at a file's or a describe's top level: the
 * cloud assembly directory is removed after the file's tests.
 */
export function synthStack(options: { context?: Record<string, unknown>; bundle?: boolean; env?: Environment } = {}): StackFixture {
  const app = testApp(options);
  // Env-agnostic unless asked: CDK_DEFAULT_* of whoever runs the tests must not change the template.
  const stack = addCaseTrackerStack(app, { env: options.env ?? {} });
  const template = Template.fromStack(stack);
  return { app, stack, template, outdir: app.outdir };
}

/** An app with cdk.json's context (and `context`), synthesizing into a directory removed after the file's tests. */
export function testApp(options: { context?: Record<string, unknown>; bundle?: boolean } = {}): App {
  const outdir = mkdtempSync(join(tmpdir(), 'case-tracker-cdk-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  return new App({
    outdir,
    context: {
      ...cdkJsonContext(),
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
}

export type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> } & Record<string, unknown>>;

/** `{ Ref: id }` or `{ 'Fn::GetAtt': [id, ...] }` → id */
export function referencedId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as { Ref?: unknown; 'Fn::GetAtt'?: unknown };
  if (typeof v.Ref === 'string') return v.Ref;
  if (Array.isArray(v['Fn::GetAtt']) && typeof v['Fn::GetAtt'][0] === 'string') return v['Fn::GetAtt'][0];
  return undefined;
}
