import { describe, expect, it } from 'vitest';
import { personalNumberIn } from '../../shared/domain/personal-numbers';

describe('resident ID numbers and mobile numbers in free text are found', () => {
  it.each([
    ['申请人身份证号11010519491231002X', 'id-number'],
    ['身份证 11010519491231002x 的申请人', 'id-number'],
    ['号码140402198001011234。', 'id-number'],
    ['旧证号140402800101123', 'id-number'],
    ['身份证号１１０１０５１９４９１２３１００２Ｘ', 'id-number'],
    ['联系电话13800138000', 'mobile'],
    ['电话：138 0013 8000', 'mobile'],
    ['电话 138-0013-8000', 'mobile'],
    ['+86 13800138000', 'mobile'],
    ['+86-138-0013-8000', 'mobile'],
    ['8613800138000', 'mobile'],
    ['联系人张三（19912345678）', 'mobile'],
    ['手机１３８００１３８０００', 'mobile'],
  ] as const)('%s → %s', (text, kind) => {
    expect(personalNumberIn(text)).toBe(kind);
  });

  it.each([
    '(2024)晋0403行初15号',
    '（2024）晋04行终123号',
    '潞复〔2024〕12号',
    '2024-10-08收到，2024年10月8日送达',
    '1990-12-31 2024-01-01',
    '罚款人民币13800000元',
    '罚没款共计 15000000000 元',
    '金额13,800,138,000元',
    '统一社会信用代码91140400MA0K12345X',
    '共计 13800138000.50 元',
    '第12条、第13条第2款',
    '银行卡号6222021234567890123',
    '电话0355-2021234',
    '',
  ])('%j → nothing', (text) => {
    expect(personalNumberIn(text)).toBeUndefined();
  });
});
