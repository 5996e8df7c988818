import { countLabel } from '../../client/messages/count-labels';

describe('count labels', () => {
  it('use English plurals and number formatting', () => {
    expect(countLabel('en', 0)).toBe('0 comments');
    expect(countLabel('en', 1)).toBe('1 comment');
    expect(countLabel('en-GB', 12345)).toBe('12,345 comments');
  });

  it("use every Arabic plural form with the locale's own digits", () => {
    const n = (x: number) => new Intl.NumberFormat('ar').format(x);
    expect(countLabel('ar', 0)).toBe('لا توجد تعليقات');
    expect(countLabel('ar', 1)).toBe('تعليق واحد');
    expect(countLabel('ar', 2)).toBe('تعليقان');
    expect(countLabel('ar', 3)).toBe(`${n(3)} تعليقات`);
    expect(countLabel('ar', 11)).toBe(`${n(11)} تعليقًا`);
    expect(countLabel('ar', 100)).toBe(`${n(100)} تعليق`);
  });

  it('fall back to English for languages not shipped', () => {
    expect(countLabel('xx', 2)).toBe('2 comments');
  });
});
