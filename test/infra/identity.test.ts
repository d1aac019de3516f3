import { apiFunctionGroups } from '../../infra/api-functions';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { addCaseTrackerStack } from '../../infra/case-tracker-app';
import { configFromContext } from '../../infra/config';
import { referencedId, synthStack, type Resources } from './stack-fixture';

const issuer = 'https://idp.example.gov.cn/realms/luzhou';

function authorizerOf(resources: Resources) {
  const authorizers = Object.values(resources).filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Authorizer');
  expect(authorizers).toHaveLength(1);
  return authorizers[0]?.Properties as {
    AuthorizerType: string;
    IdentitySource: string[];
    JwtConfiguration: { Audience: unknown[]; Issuer: unknown };
  };
}

function apiFunctionEnvironments(resources: Resources): Record<string, unknown>[] {
  return Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::Lambda::Function')
    .map((resource) => (resource.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables)
    .filter((env) => String(env.SERVICE_NAME).startsWith('api-'));
}

describe('identity: oidc (an external issuer, as in AWS China)', () => {
  const { template } = synthStack({
    context: { identity: 'oidc', oidcIssuer: issuer, oidcAudience: 'case-tracker', rolesClaim: 'roles', agencyClaim: 'org_code' },
  });
  const resources = template.toJSON().Resources as Resources;

  it('creates no Cognito resource', () => {
    expect(Object.values(resources).filter((resource) => resource.Type.startsWith('AWS::Cognito::'))).toEqual([]);
  });

  it('checks the issuer’s JWTs for the configured audience', () => {
    const authorizer = authorizerOf(resources);
    expect(authorizer.AuthorizerType).toBe('JWT');
    expect(authorizer.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(authorizer.JwtConfiguration).toEqual({ Issuer: issuer, Audience: ['case-tracker'] });
  });

  it('puts every protected route behind that authorizer', () => {
    const [authorizerId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((route) => route.Properties as { AuthorizationType: string; AuthorizerId?: unknown });
    const jwt = routes.filter((route) => route.AuthorizationType === 'JWT');
    expect(jwt.length).toBeGreaterThan(10);
    for (const route of jwt) expect(referencedId(route.AuthorizerId)).toBe(authorizerId);
  });

  it('tells the API functions which claims carry roles and agency', () => {
    const environments = apiFunctionEnvironments(resources);
    expect(environments.length).toBe(apiFunctionGroups.length);
    for (const env of environments) expect(env).toMatchObject({ ROLES_CLAIM: 'roles', AGENCY_CLAIM: 'org_code' });
  });

  it('outputs the issuer instead of a user pool', () => {
    const outputs = Object.keys(template.toJSON().Outputs as object);
    expect(outputs).toContain('OidcIssuer');
    expect(outputs).not.toContain('UserPoolId');
    template.hasOutput('OidcIssuer', { Value: issuer });
  });
});

describe('identity: cognito (commercial regions)', () => {
  const { template } = synthStack({ context: { identity: 'cognito' } });
  const resources = template.toJSON().Resources as Resources;

  const apiClientId = Object.keys(template.findResources('AWS::Cognito::UserPoolClient')).find((id) => id.includes('WebClient'));
  const consoleClientId = Object.keys(template.findResources('AWS::Cognito::UserPoolClient')).find((id) => id.includes('ConsoleClient'));

  it('creates the user pool, the API’s client, the console’s client and the role groups', () => {
    expect(Object.keys(template.findResources('AWS::Cognito::UserPool'))).toHaveLength(1);
    expect(Object.keys(template.findResources('AWS::Cognito::UserPoolClient'))).toHaveLength(2);
    expect(apiClientId).toBeDefined();
    expect(consoleClientId).toBeDefined();
    expect(Object.keys(template.findResources('AWS::Cognito::UserPoolGroup'))).toHaveLength(3);
  });

  it('lets the console sign in with authorization code + PKCE on the pool’s domain, back to /auth/callback', () => {
    expect(Object.keys(template.findResources('AWS::Cognito::UserPoolDomain'))).toHaveLength(1);
    const client = resources[consoleClientId ?? '']?.Properties as { AllowedOAuthFlows: string[]; AllowedOAuthScopes: string[]; CallbackURLs: unknown[]; GenerateSecret?: boolean };
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.AllowedOAuthScopes).toEqual(expect.arrayContaining(['openid']));
    expect(JSON.stringify(client.CallbackURLs)).toContain('/auth/callback');
    expect(client.GenerateSecret).toBe(false);
    const web = Object.values(resources).find((r) => r.Type === 'AWS::Lambda::Function' && JSON.stringify(r.Properties).includes('OIDC_CLIENT_ID'));
    const env = (web?.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables;
    expect(referencedId(env.OIDC_CLIENT_ID)).toBe(consoleClientId);
  });

  it('checks the pool’s ID tokens, audience the app client', () => {
    const [poolId] = Object.keys(template.findResources('AWS::Cognito::UserPool'));
    const clientId = apiClientId;
    const authorizer = authorizerOf(resources);
    expect(authorizer.JwtConfiguration.Audience.map(referencedId)).toEqual([clientId]);
    expect(JSON.stringify(authorizer.JwtConfiguration.Issuer)).toContain(`"Ref":"${poolId}"`);
  });

  it('reads Cognito’s claims by default', () => {
    for (const env of apiFunctionEnvironments(resources)) {
      expect(env).toMatchObject({ ROLES_CLAIM: 'cognito:groups', AGENCY_CLAIM: 'custom:agencyId' });
    }
  });

  it('is refused in an AWS China region, where user pools do not exist', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    expect(() => addCaseTrackerStack(app, { config: configFromContext(app.node), env: { account: '123456789012', region: 'cn-north-1' } })).toThrow(
      /Cognito user pools do not exist in cn-north-1.*identity=oidc/,
    );
  });
});
