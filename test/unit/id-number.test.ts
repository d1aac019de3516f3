import { describe, expect, it } from 'vitest';
import { idNumberCheckCharacter, idNumberProblem, maskIdNumber } from '../../shared/domain/id-number';

describe('resident ID numbers (GB 11643)', () => {
  it('computes the published example 11010519491231002X', () => {
    expect(idNumberCheckCharacter('11010519491231002')).toBe('X');
    expect(idNumberProblem('11010519491231002X')).toBeUndefined();
  });

  it('finds a wrong check character', () => {
    expect(idNumberProblem('110105194912310021')).toMatchObject({ zh: expect.stringContaining('校验码有误'), en: expect.stringContaining('check character') });
  });

  it('finds an impossible birth date', () => {
    expect(idNumberProblem('110105194902300021')).toMatchObject({ zh: expect.stringContaining('出生日期不存在'), en: expect.stringContaining('birth date') });
  });

  it('needs 17 digits and a digit or X', () => {
    expect(idNumberProblem('1101051949123100')).toMatchObject({ zh: expect.stringContaining('应为18位'), en: expect.stringContaining('18 characters') });
  });

  it('masks all but the first and last four', () => {
    expect(maskIdNumber('140402198001011234')).toBe('1404**********1234');
  });
});
