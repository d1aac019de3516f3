import { claimNamesFromEnv } from '../auth/identity';
import { runsInAws } from '../http/cursor';
import type { SignIn } from './console-app';
import { OidcClient } from './oidc';
import { DEVELOPMENT_SESSION_SECRET } from './session';

/**
 * How the console signs people in, from the environment: OIDC (authorization code + PKCE) when
 * OIDC_ISSUER and OIDC_CLIENT_ID are set; the development form otherwise, which Lambda never uses.
 */
export function signInFromEnv(env: NodeJS.ProcessEnv = process.env): SignIn {
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID) {
    return {
      kind: 'oidc',
      client: new OidcClient({
        issuer: env.OIDC_ISSUER,
        clientId: env.OIDC_CLIENT_ID,
        scope: env.OIDC_SCOPE || 'openid profile',
        claims: claimNamesFromEnv(env),
      }),
      redirectUri: env.OIDC_REDIRECT_URI || undefined,
    };
  }
  if (runsInAws(env)) throw new Error('the console needs OIDC_ISSUER and OIDC_CLIENT_ID in AWS');
  return { kind: 'development' };
}

/**
 * The key sealing session cookies: CONSOLE_SESSION_SECRET, or in AWS the Secrets Manager secret
 * CONSOLE_SESSION_SECRET_ARN names (read once per container). The public development value is
 * refused in AWS.
 */
export async function sessionSecretFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.CONSOLE_SESSION_SECRET) return env.CONSOLE_SESSION_SECRET;
  const secretId = env.CONSOLE_SESSION_SECRET_ARN;
  if (secretId) {
    const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const answer = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretId }));
    if (answer.SecretString) return answer.SecretString;
  }
  if (runsInAws(env)) throw new Error('the console session secret could not be read');
  return DEVELOPMENT_SESSION_SECRET;
}
