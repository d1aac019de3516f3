import { describe, expect, it } from 'vitest';
import { litigationOutcomes, reconsiderationActions, reconsiderationOutcomes, rulingTypes } from '../../shared/domain/enums';

describe('the words a clerk expects', () => {
  it('terminate reads 终止行政复议 (行政复议法第四十一条)', () => {
    expect(reconsiderationActions.terminate).toBe('终止行政复议');
  });

  it('a court ordering performance reads 判决履行 (行政诉讼法第七十二条)', () => {
    expect(litigationOutcomes['order-performance']).toBe('判决履行');
  });

  it('a reconsideration decision ordering performance still reads 责令履行 (行政复议法第六十六条)', () => {
    expect(reconsiderationOutcomes['order-performance']).toBe('责令履行');
  });

  it('the rulings read as 行诉解释第一百零一条 names them', () => {
    expect(rulingTypes).toEqual({ 'not-filed': '不予立案', 'suit-dismissed': '驳回起诉', jurisdiction: '管辖异议', withdrawal: '准予撤诉', other: '其他裁定' });
  });
});
