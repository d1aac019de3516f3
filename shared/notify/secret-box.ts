import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets of subscriptions (a robot URL's token, a 钉钉 加签 secret, a webhook signing secret) are
 * stored sealed with AES-256-GCM; the associated data binds each to its subscription and field,
 * so a sealed value copied onto another item does not open.
 *
 * The key: locally, derived (HKDF-SHA256) from NOTIFY_SECRET_KEY or a public development value; in
 * AWS, derived from a Secrets Manager secret (NOTIFY_KEY_SECRET_ARN) read once per cold start by
 * the two functions that need it (the notifier and the subscriptions API), so the key is never in
 * a template or a function's configuration. Sealed values name their key version (`v1.`) so the
 * key can be rotated by adding v2 and re-sealing.
 */
export interface SecretBox {
  seal(plain: string, context: string): Promise<string>;
  open(sealed: string, context: string): Promise<string>;
}

export const DEVELOPMENT_NOTIFY_KEY = 'local-notify-secret-change-me';
const VERSION = 'v1';

export function deriveKey(material: string): Buffer {
  return Buffer.from(hkdfSync('sha256', material, 'case-tracker', 'notification secrets v1', 32));
}

export function aesGcmBox(key: () => Promise<Buffer>): SecretBox {
  return {
    async seal(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', await key(), iv);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    async open(sealed, context) {
      const [version, iv, body, tag] = sealed.split('.');
      if (version !== VERSION || !iv || body === undefined || !tag) throw new Error('not a sealed value of this key version');
      const decipher = createDecipheriv('aes-256-gcm', await key(), Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

async function keyFromSecretsManager(secretId: string): Promise<Buffer> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  try {
    const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (!result.SecretString) throw new Error(`secret ${secretId} has no string value`);
    return deriveKey(result.SecretString);
  } finally {
    client.destroy();
  }
}

/** The box of this process: NOTIFY_KEY_SECRET_ARN in AWS, NOTIFY_SECRET_KEY or the development value locally. */
export function secretBoxFromEnv(env: NodeJS.ProcessEnv = process.env): SecretBox {
  let key: Promise<Buffer> | undefined;
  const load = (): Promise<Buffer> => {
    if (env.NOTIFY_KEY_SECRET_ARN) return keyFromSecretsManager(env.NOTIFY_KEY_SECRET_ARN);
    if (env.NOTIFY_SECRET_KEY) return Promise.resolve(deriveKey(env.NOTIFY_SECRET_KEY));
    if (env.AWS_LAMBDA_FUNCTION_NAME && !env.DYNAMODB_ENDPOINT) {
      return Promise.reject(new Error('NOTIFY_KEY_SECRET_ARN is not set: the development key is never used in AWS'));
    }
    return Promise.resolve(deriveKey(DEVELOPMENT_NOTIFY_KEY));
  };
  return aesGcmBox(() => {
    key ??= load().catch((error: unknown) => {
      key = undefined;
      throw error;
    });
    return key;
  });
}
