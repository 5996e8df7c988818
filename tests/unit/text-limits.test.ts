import { parseEditComment, parsePostComment } from '../../server/comments/comment-input';
import { AppError } from '../../server/errors';
import { parseNewModerator, parseReasonBody } from '../../server/moderation/admin-input';
import { parseReport } from '../../server/moderation/report-input';
import { LIMITS } from '../../server/protocol/limits';
import { isLongerThan } from '../../server/text/plain-text';
import { parseOpenThread } from '../../server/threads/thread-input';

function problemsOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('VALIDATION_FAILED');
    return ((err as AppError).details as { fields: unknown }).fields;
  }
  throw new Error('expected a VALIDATION_FAILED error');
}

/** A letter outside the Basic Multilingual Plane: one code point, two UTF-16 units. */
const ASTRAL = '\u{1d49c}';
const post = { threadId: 1, authorName: 'Ada', body: 'Hello' };
const password = 'correct horse battery staple';

// Each field: what it is, its name in the error, its limit, and a way to send `text` in it.
const FIELDS: [string, string, number, (text: string) => unknown][] = [
  ["a commenter's name", 'authorName', LIMITS.maxNameChars, (text) => parsePostComment({ ...post, authorName: text })],
  [
    "a commenter's email",
    'authorEmail',
    LIMITS.maxEmailChars,
    (text) => parsePostComment({ ...post, authorEmail: `${text.slice(0, -'@example.com'.length * 2)}@example.com` }),
  ],
  ["a new comment's body", 'body', LIMITS.maxBodyChars, (text) => parsePostComment({ ...post, body: text })],
  ["an edit's body", 'body', LIMITS.maxBodyChars, (text) => parseEditComment({ commentId: 1, body: text })],
  ['a page id', 'pageId', LIMITS.maxPageIdChars, (text) => parseOpenThread({ pageId: text })],
  [
    "a page's url",
    'url',
    LIMITS.maxUrlChars,
    (text) =>
      parseOpenThread({ pageId: 'p', url: `https://a.example/${text.slice(0, -'https://a.example/'.length * 2)}` }),
  ],
  ["a page's title", 'title', LIMITS.maxTitleChars, (text) => parseOpenThread({ pageId: 'p', title: text })],
  [
    "a report's details",
    'details',
    LIMITS.maxReportDetailsChars,
    (text) => parseReport({ commentId: 1, reason: 'other', details: text }),
  ],
  ["a moderator's reason", 'reason', LIMITS.maxModerationReasonChars, (text) => parseReasonBody({ reason: text })],
  [
    "a moderator's display name",
    'displayName',
    LIMITS.maxNameChars,
    (text) => parseNewModerator({ email: 'm@example.com', displayName: text, role: 'moderator', password }),
  ],
];

describe('one unit for every length limit: Unicode code points', () => {
  it.each(FIELDS)(
    '%s takes exactly its limit of characters outside the BMP, and refuses one more',
    (_what, field, limit, send) => {
      // Two UTF-16 units each: a limit counted in units refused half of this.
      expect(() => send(ASTRAL.repeat(limit))).not.toThrow();
      expect(problemsOf(() => send(ASTRAL.repeat(limit + 1)))).toEqual([{ field, issue: 'too_long', limit }]);
    },
  );

  it('counts the parts of an emoji sequence: a family of three is five characters', () => {
    const family = '\u{1f469}\u200d\u{1f469}\u200d\u{1f467}';
    expect(() => parsePostComment({ ...post, authorName: family.repeat(12) + 'abcd' })).not.toThrow();
    expect(problemsOf(() => parsePostComment({ ...post, authorName: family.repeat(13) }))).toEqual([
      { field: 'authorName', issue: 'too_long', limit: LIMITS.maxNameChars },
    ]);
  });

  it('counts a letter typed with a separate accent as the one character it shows (NFC)', () => {
    const decomposed = 'e\u0301';
    expect(parsePostComment({ ...post, body: decomposed.repeat(LIMITS.maxBodyChars) }).body).toBe(
      '\u00e9'.repeat(LIMITS.maxBodyChars),
    );
    expect(parsePostComment({ ...post, authorName: decomposed.repeat(LIMITS.maxNameChars) }).authorName).toHaveLength(
      LIMITS.maxNameChars,
    );
    expect(parseOpenThread({ pageId: decomposed.repeat(LIMITS.maxPageIdChars) }).page.pageId).toHaveLength(
      LIMITS.maxPageIdChars,
    );
  });

  it('isLongerThan counts code points, a lone surrogate as one, and stops at the limit', () => {
    expect(isLongerThan(ASTRAL.repeat(3), 3)).toBe(false);
    expect(isLongerThan(ASTRAL.repeat(4), 3)).toBe(true);
    expect(isLongerThan('\ud800\ud800\ud800', 3)).toBe(false);
    expect(isLongerThan('\udc00\ud800x', 2)).toBe(true);
    expect(isLongerThan('', 0)).toBe(false);
    // A combining mark is a code point of its own: callers normalize to NFC before counting.
    expect(isLongerThan('e\u0301'.repeat(2), 3)).toBe(true);
  });
});

describe('page ids', () => {
  it('are stored NFC-normalized, so a composed and a decomposed accent name one page', () => {
    const composed = parseOpenThread({ pageId: 'caf\u00e9-menu' }).page.pageId;
    const decomposed = parseOpenThread({ pageId: 'cafe\u0301-menu' }).page.pageId;
    expect(decomposed).toBe(composed);
    expect(composed).toBe('caf\u00e9-menu');
  });

  it.each([
    ['a C0 control', 'page\u0007one'],
    ['DEL', 'page\u007fone'],
    ['a C1 control (NEL)', 'page\u0085one'],
    ['a C1 control (CSI)', 'page\u009bone'],
    ['a lone high surrogate', 'page\ud800one'],
    ['a lone low surrogate', 'page\udc00one'],
  ])('refuse %s with a field detail', (_what, pageId) => {
    expect(problemsOf(() => parseOpenThread({ pageId }))).toEqual([{ field: 'pageId', issue: 'invalid' }]);
  });

  it('keep characters outside the BMP that come as whole pairs', () => {
    expect(parseOpenThread({ pageId: `page-${ASTRAL}` }).page.pageId).toBe(`page-${ASTRAL}`);
  });
});
