import type { Context } from 'hono';
import { identityFromClaims, unauthorized, type Claims, type Identity } from './identity';

interface AuthorizerEnv {
  event?: { requestContext?: { authorizer?: { jwt?: { claims?: Claims } } } };
}

/**
 * In Lambda the API Gateway JWT authorizer has already verified the Cognito token; the claims are
 * taken from the request context it filled in, never from a header the client controls.
 */
export function identityFromAuthorizer(c: Context): Identity {
  const env = c.env as AuthorizerEnv | undefined;
  const claims = env?.event?.requestContext?.authorizer?.jwt?.claims;
  if (!claims) throw unauthorized({
      zh: '身份未经验证：请求未经过 JWT 授权方',
      en: 'no verified identity: the request did not pass the JWT authorizer',
    });
  return identityFromClaims(claims);
}
