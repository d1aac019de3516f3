import type { Localized } from './errors';

/**
 * Resident identity card numbers (GB 11643-1999): 6-digit region code, 8-digit birth date,
 * 3-digit sequence, and a check character computed with ISO 7064 MOD 11-2.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idNumberCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] ?? '?';
}

/** Why the number is not a valid resident ID, or undefined when it is. */
export function idNumberProblem(value: string): Localized | undefined {
  if (!/^\d{17}[\dX]$/.test(value)) return { zh: '应为18位：17位数字加1位数字或X', en: 'must be 18 characters: 17 digits and a digit or X' };
  const birth = value.slice(6, 14);
  const date = new Date(`${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10).replace(/-/g, '') !== birth || birth < '19000101') {
    return { zh: '出生日期不存在', en: 'contains an impossible birth date' };
  }
  if (idNumberCheckCharacter(value.slice(0, 17)) !== value[17]) return { zh: '校验码有误', en: 'has a wrong check character' };
  return undefined;
}

/** The form responses carry: first four and last four kept, `1404**********1234`. */
export function maskIdNumber(value: string): string {
  return value.length <= 8 ? '*'.repeat(value.length) : `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}
