import type { Identity } from '../auth/identity';
import { roles as roleLabels, type Role } from '../domain/enums';
import { AppError } from '../domain/errors';

/**
 * Who may call an operation, by role. The JSON routes' contracts list the same roles (and the
 * API refuses before a use case runs, with this very text); the console reaches the use cases
 * directly, so each use case asks again here.
 */
export function permit(identity: Identity, allowed: readonly Role[]): void {
  if (identity.roles.some((role) => allowed.includes(role))) return;
  throw new AppError('forbidden', 'FORBIDDEN', {
    zh: `此操作需要以下角色之一：${allowed.map((role) => roleLabels[role]).join('、')}`,
    en: `this operation needs one of the roles: ${allowed.join(', ')}`,
  });
}
