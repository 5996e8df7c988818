import fc from 'fast-check';
import { checkDraft } from '../../client/draft-rules';
import { CLIENT_LIMITS, charCount } from '../../client/limits';
import { LIMITS } from '../../server/protocol/limits';
import { isLongerThan } from '../../server/text/plain-text';
import { looksLikeEmail } from '../../server/validation/fields';
import { SORT_ORDERS } from '../../server/protocol/dto';
import { SORT_ORDERS as CLIENT_SORT_ORDERS } from '../../client/sort-orders';

describe("the widget's copy of the input limits", () => {
  it('matches what the server enforces', () => {
    // The widget may import only types from the server, so it keeps its own copy of these numbers.
    for (const key of Object.keys(CLIENT_LIMITS) as (keyof typeof CLIENT_LIMITS)[]) {
      expect(String(CLIENT_LIMITS[key])).toBe(String(LIMITS[key]));
    }
  });

  it('counts characters the way the server does, surrogates and all', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary-ascii' }),
    );
    fc.assert(
      fc.property(text, fc.nat({ max: 40 }), (input, limit) => {
        expect(charCount(input) > limit).toBe(isLongerThan(input, limit));
      }),
      { numRuns: 2000 },
    );
  });

  it("judges an email address's shape the way the server does", () => {
    const address = fc
      .array(fc.constantFrom('a', 'b', '.', '@', ' ', '-', '<', '"', 'é'), { maxLength: 12 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(address, (email) => {
        const isRefused = checkDraft({ authorName: 'Ada', authorEmail: email, body: 'Hello' }).some(
          (p) => p.field === 'authorEmail',
        );
        expect(isRefused).toBe(email.trim() !== '' && !looksLikeEmail(email.trim()));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("the widget's sort orders", () => {
  it('are the server’s, in the same order', () => {
    expect(CLIENT_SORT_ORDERS).toEqual(SORT_ORDERS);
  });
});
