import { parsePostComment } from '../../server/comments/comment-input';
import { anchorAllowed, firstChars, lastChars } from '../../server/comments/comment-anchor';
import { AppError } from '../../server/errors';

const valid = { threadId: 1, authorName: 'Ada', body: 'Hello' };

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

describe('the anchor of a post', () => {
  it('keeps a passage id and a quote with its context as plain text', () => {
    const parsed = parsePostComment({
      ...valid,
      anchor: { passageId: ' p1 ', quote: '<img src=x onerror=alert(1)>', before: 'said: ', after: ' and' },
    });
    expect(parsed.anchor).toEqual({
      passageId: 'p1',
      quote: '<img src=x onerror=alert(1)>',
      before: 'said:',
      after: 'and',
    });
  });

  it('cuts a long quote to 500 characters and each context to the 100 nearest the quote, never refusing', () => {
    const quote = 'q'.repeat(499) + '😀' + 'z'.repeat(5000);
    const parsed = parsePostComment({
      ...valid,
      anchor: { quote, before: 'x'.repeat(300) + 'B'.repeat(100), after: 'A'.repeat(100) + 'y'.repeat(300) },
    });
    expect(parsed.anchor).toEqual({
      passageId: null,
      quote: 'q'.repeat(499) + '😀',
      before: 'B'.repeat(100),
      after: 'A'.repeat(100),
    });
  });

  it('folds line breaks and strips invisible and bidi-override characters from quoted text', () => {
    const parsed = parsePostComment({ ...valid, anchor: { quote: 'one\n\n two\u202e\u200b three' } });
    expect(parsed.anchor?.quote).toBe('one two three');
  });

  it('is no anchor when it names neither a passage nor any text, and replies carry none', () => {
    expect(parsePostComment({ ...valid, anchor: { quote: '  ' } }).anchor).toBeNull();
    expect(parsePostComment({ ...valid, anchor: null }).anchor).toBeNull();
    expect(parsePostComment({ ...valid, parentId: 4, anchor: { passageId: 'p1', quote: 'x' } }).anchor).toBeNull();
  });

  it('keeps no context around a passage quoting nothing', () => {
    expect(parsePostComment({ ...valid, anchor: { passageId: 'p1', before: 'a', after: 'b' } }).anchor).toEqual({
      passageId: 'p1',
      quote: '',
      before: '',
      after: '',
    });
  });

  it.each([
    [{ anchor: 'p1' }, [{ field: 'anchor', issue: 'wrong_type' }]],
    [{ anchor: ['p1'] }, [{ field: 'anchor', issue: 'wrong_type' }]],
    [{ anchor: { passageId: 7 } }, [{ field: 'anchor.passageId', issue: 'wrong_type' }]],
    [{ anchor: { passageId: 'p'.repeat(513) } }, [{ field: 'anchor.passageId', issue: 'too_long', limit: 512 }]],
    [{ anchor: { passageId: 'p\u0000' } }, [{ field: 'anchor.passageId', issue: 'invalid' }]],
    [{ anchor: { quote: 'x', path: '/html/body' } }, [{ field: 'anchor.path', issue: 'unknown_field' }]],
  ])('refuses %j', (extra, expected) => {
    expect(problemsOf(() => parsePostComment({ ...valid, ...extra }))).toEqual(expected);
  });
});

describe('anchorAllowed', () => {
  const passage = { passageId: 'p1', quote: 'text', before: '', after: '' };
  const selection = { passageId: null, quote: 'text', before: 'a', after: 'b' };

  it('keeps every anchor while quoting is on', () => {
    expect(anchorAllowed(selection, { isQuotingEnabled: true })).toBe(selection);
  });

  it('with quoting off keeps feedback on a marked passage and drops a quote of other text', () => {
    expect(anchorAllowed(passage, { isQuotingEnabled: false })).toBe(passage);
    expect(anchorAllowed(selection, { isQuotingEnabled: false })).toBeNull();
  });
});

describe('cutting by characters', () => {
  it('never splits a character made of two UTF-16 units', () => {
    expect(firstChars('ab😀c', 3)).toBe('ab😀');
    expect(lastChars('a😀bc', 3)).toBe('😀bc');
    expect(firstChars('short', 10)).toBe('short');
    expect(lastChars('short', 10)).toBe('short');
  });
});
