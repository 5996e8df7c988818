import { parsePostComment } from '../../server/comments/comment-input';
import { AppError } from '../../server/errors';
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

const valid = { threadId: 1, authorName: 'Ada', body: 'Hello' };

describe('parsePostComment', () => {
  it('accepts a minimal comment and fills optional fields with null', () => {
    expect(parsePostComment(valid)).toEqual({
      threadId: 1,
      parentId: null,
      authorName: 'Ada',
      authorEmail: null,
      body: 'Hello',
      clientId: null,
      honeypot: '',
      elapsedMs: null,
      notifyReplies: false,
      anchor: null,
    });
  });

  it('cleans the name: trims, folds spaces, strips invisible and bidi-override characters', () => {
    const parsed = parsePostComment({ ...valid, authorName: '  A\u202eda\u200b  \n Lovelace ' });
    expect(parsed.authorName).toBe('Ada Lovelace');
  });

  it('turns line breaks inside a name into spaces', () => {
    expect(parsePostComment({ ...valid, authorName: 'Ada\nLovelace' }).authorName).toBe('Ada Lovelace');
  });

  it.each([
    [{ ...valid, authorName: '' }, [{ field: 'authorName', issue: 'required' }]],
    [{ ...valid, authorName: '   \u200b ' }, [{ field: 'authorName', issue: 'required' }]],
    [{ threadId: 1, body: 'x' }, [{ field: 'authorName', issue: 'required' }]],
    [{ ...valid, body: '' }, [{ field: 'body', issue: 'required' }]],
    [{ ...valid, body: ' \n ' }, [{ field: 'body', issue: 'required' }]],
    [{ ...valid, authorName: 'x'.repeat(65) }, [{ field: 'authorName', issue: 'too_long', limit: 64 }]],
    [{ ...valid, body: 'x'.repeat(10_001) }, [{ field: 'body', issue: 'too_long', limit: 10_000 }]],
    [{ ...valid, authorEmail: 'not-an-email' }, [{ field: 'authorEmail', issue: 'invalid' }]],
    [{ ...valid, threadId: '1' }, [{ field: 'threadId', issue: 'wrong_type' }]],
    [{ ...valid, parentId: 1.5 }, [{ field: 'parentId', issue: 'wrong_type' }]],
    [{ ...valid, body: 42 }, [{ field: 'body', issue: 'wrong_type' }]],
    [{ ...valid, admin: true }, [{ field: 'admin', issue: 'unknown_field' }]],
    [{ ...valid, clientId: 'short' }, [{ field: 'clientId', issue: 'invalid' }]],
    [{ ...valid, clientId: 'x'.repeat(16) + '!' }, [{ field: 'clientId', issue: 'invalid' }]],
    [{ ...valid, elapsedMs: -5 }, [{ field: 'elapsedMs', issue: 'wrong_type' }]],
    [{ ...valid, honeypot: 7 }, [{ field: 'honeypot', issue: 'wrong_type' }]],
  ])('refuses %j', (input, expected) => {
    expect(problemsOf(() => parsePostComment(input))).toEqual(expected);
  });

  it('accepts exactly 64 name characters counted in code points, not UTF-16 units', () => {
    const name = '😀'.repeat(64);
    expect(parsePostComment({ ...valid, authorName: name }).authorName).toBe(name);
  });

  it('accepts a body of exactly 10,000 characters', () => {
    expect(parsePostComment({ ...valid, body: 'y'.repeat(10_000) }).body).toHaveLength(10_000);
  });

  it('reports every problem at once', () => {
    expect(problemsOf(() => parsePostComment({ threadId: 0, authorName: 5 }))).toEqual([
      { field: 'threadId', issue: 'wrong_type' },
      { field: 'authorName', issue: 'wrong_type' },
      { field: 'body', issue: 'required' },
    ]);
  });

  it.each([null, [], 'text', 7])('refuses a payload that is not an object: %j', (input) => {
    expect(problemsOf(() => parsePostComment(input))).toEqual([{ field: '(body)', issue: 'wrong_type' }]);
  });

  it('takes the thread from the path and then refuses it in the body', () => {
    expect(parsePostComment({ authorName: 'A', body: 'b' }, { threadId: 7 }).threadId).toBe(7);
    expect(problemsOf(() => parsePostComment({ ...valid }, { threadId: 7 }))).toEqual([
      { field: 'threadId', issue: 'unknown_field' },
    ]);
  });
});

describe('parseOpenThread', () => {
  it('accepts a page id with an optional http url and a cleaned title', () => {
    expect(parseOpenThread({ pageId: ' p-1 ', url: 'https://a.example/x', title: ' The\u0000 title ' })).toEqual({
      page: { pageId: 'p-1', url: 'https://a.example/x', title: 'The title' },
      sort: 'oldest',
      limit: null,
    });
  });

  it.each([
    [{}, [{ field: 'pageId', issue: 'required' }]],
    [{ pageId: 'x'.repeat(513) }, [{ field: 'pageId', issue: 'too_long', limit: 512 }]],
    [{ pageId: 'a', url: 'javascript:alert(1)' }, [{ field: 'url', issue: 'invalid' }]],
    [{ pageId: 'a', url: '/relative' }, [{ field: 'url', issue: 'invalid' }]],
    [{ pageId: 'a', extra: 1 }, [{ field: 'extra', issue: 'unknown_field' }]],
  ])('refuses %j', (input, expected) => {
    expect(problemsOf(() => parseOpenThread(input))).toEqual(expected);
  });
});
