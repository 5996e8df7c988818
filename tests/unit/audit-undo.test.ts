import type { Ban } from '../../server/bans/ban';
import type { Comment } from '../../server/comments/comment';
import { stampAfter } from '../../server/comments/comment-changes';
import { describeTarget, excerptOf, targetRefOf } from '../../server/moderation/audit-target';
import { textOfMarkup } from '../../server/text/plain-text';
import { undoRefusalOf } from '../../server/moderation/audit-undo';
import type { AuditEntry } from '../../server/moderation/moderation-store';
import type { Thread } from '../../server/threads/thread';

const T = 1_800_000_000_000;

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  id: 1,
  moderatorId: 1,
  moderatorName: 'Mo',
  action: 'comment.remove',
  targetType: 'comment',
  targetId: '7',
  reason: null,
  details: {},
  createdAtMs: T,
  undoneBy: null,
  ...overrides,
});

const comment = (overrides: Partial<Comment> = {}): Comment =>
  ({ id: 7, status: 'removed', moderatedAtMs: T, bodySource: 'Some words', ...overrides }) as Comment;
const ban = (overrides: Partial<Ban> = {}): Ban =>
  ({ id: 3, kind: 'email', value: 'troll@example.com', liftedAtMs: null, expiresAtMs: null, ...overrides }) as Ban;
const thread = (overrides: Partial<Thread> = {}): Thread =>
  ({
    id: 5,
    pageId: 'page-5',
    title: null,
    isPageVerified: false,
    isClosed: true,
    closedAtMs: T,
    ...overrides,
  }) as Thread;

describe('whether an audit entry can still be undone', () => {
  it('a removal or spam mark can, while the comment is still as that entry left it and nothing moderated it since', () => {
    expect(undoRefusalOf(entry(), { type: 'comment', comment: comment() }, T)).toBeNull();
    expect(
      undoRefusalOf(entry({ action: 'comment.spam' }), { type: 'comment', comment: comment({ status: 'spam' }) }, T),
    ).toBeNull();
    expect(
      undoRefusalOf(entry(), { type: 'comment', comment: comment({ status: 'published', moderatedAtMs: T + 5 }) }, T),
    ).toBe('superseded');
    expect(
      undoRefusalOf(entry(), { type: 'comment', comment: comment({ status: 'spam', moderatedAtMs: T + 5 }) }, T),
    ).toBe('superseded');
    // Removed again later: that later removal is the one to undo.
    expect(undoRefusalOf(entry(), { type: 'comment', comment: comment({ moderatedAtMs: T + 2 }) }, T)).toBe(
      'superseded',
    );
    expect(undoRefusalOf(entry(), { type: 'comment', comment: null }, T)).toBe('gone');
  });

  it('a ban can while it is active: not once lifted, nor once it ran out', () => {
    const banned = entry({ action: 'author.ban', targetType: 'ban', targetId: '3' });
    expect(undoRefusalOf(banned, { type: 'ban', ban: ban() }, T)).toBeNull();
    expect(undoRefusalOf(banned, { type: 'ban', ban: ban({ expiresAtMs: T + 1 }) }, T)).toBeNull();
    expect(undoRefusalOf(banned, { type: 'ban', ban: ban({ expiresAtMs: T }) }, T)).toBe('superseded');
    expect(undoRefusalOf(banned, { type: 'ban', ban: ban({ liftedAtMs: T + 1 }) }, T + 2)).toBe('superseded');
  });

  it('a closing can while the thread is still closed by it, not once reopened or closed again later', () => {
    const closing = entry({ action: 'thread.close', targetType: 'thread', targetId: '5' });
    expect(undoRefusalOf(closing, { type: 'thread', thread: thread() }, T)).toBeNull();
    expect(undoRefusalOf(closing, { type: 'thread', thread: thread({ isClosed: false, closedAtMs: null }) }, T)).toBe(
      'superseded',
    );
    expect(undoRefusalOf(closing, { type: 'thread', thread: thread({ closedAtMs: T + 1 }) }, T)).toBe('superseded');
  });

  it('nothing else can, and nothing twice', () => {
    expect(undoRefusalOf(entry({ action: 'comment.edit' }), { type: 'comment', comment: comment() }, T)).toBe(
      'not-undoable',
    );
    expect(
      undoRefusalOf(
        entry({ action: 'author.remove-comments', targetType: 'author' }),
        { type: 'comment', comment: comment() },
        T,
      ),
    ).toBe('not-undoable');
    expect(undoRefusalOf(entry({ undoneBy: 9 }), { type: 'comment', comment: comment() }, T)).toBe('undone');
  });

  it('two changes of one record in one millisecond are stamped in the order they happened', () => {
    expect(stampAfter(null, T)).toBe(T);
    expect(stampAfter(T - 1, T)).toBe(T);
    expect(stampAfter(T, T)).toBe(T + 1);
    expect(stampAfter(T + 3, T)).toBe(T + 4);
  });
});

describe('naming an audit entry’s target', () => {
  it('looks up the comment an author action started from, and nothing for settings or a malformed id', () => {
    expect(targetRefOf({ targetType: 'author', targetId: '12' })).toEqual({ type: 'comment', id: 12 });
    expect(targetRefOf({ targetType: 'ban', targetId: '3' })).toEqual({ type: 'ban', id: 3 });
    expect(targetRefOf({ targetType: 'settings', targetId: 'moderation' })).toBeNull();
    expect(targetRefOf({ targetType: 'comment', targetId: '1e3' })).toBeNull();
  });

  it('cuts a text after about sixty characters at a word, as plain text without invisible characters', () => {
    expect(excerptOf('  Short\u200b and\n\nsweet  ')).toBe('Short and sweet');
    // A comment is named by what readers see of it, not by its Markdown or markup.
    expect(excerptOf(textOfMarkup('<p><strong>Bold</strong> &amp; <em>true</em></p>\n<ul><li>one</li></ul>'))).toBe(
      'Bold & true one',
    );
    const long = 'word '.repeat(30);
    const cut = excerptOf(long)!;
    expect(cut.endsWith('word…')).toBe(true);
    expect(Array.from(cut).length).toBeLessThanOrEqual(61);
    // One long word is cut inside it rather than thrown away.
    expect(excerptOf('x'.repeat(100))).toBe(`${'x'.repeat(60)}…`);
    // Characters beyond the basic plane count once.
    expect(excerptOf('😀'.repeat(70))).toBe(`${'😀'.repeat(60)}…`);
    expect(excerptOf('\u202e\u2066')).toBeNull();
  });

  it('names a comment by the words readers see, not by the Markdown typed', () => {
    const typed = comment({
      bodySource: '**Bold** & _true_',
      bodyHtml: '<p><strong>Bold</strong> &amp; <em>true</em></p>',
    });
    expect(describeTarget({ type: 'comment', comment: typed }).targetExcerpt).toBe('Bold & true');
  });

  it('names a ban by its value, a thread by a verified title or else its page id, a deleted comment by nothing', () => {
    expect(describeTarget({ type: 'ban', ban: ban({ kind: 'identity', value: 'a'.repeat(64) }) })).toEqual({
      targetExcerpt: 'a'.repeat(16),
      banKind: 'identity',
    });
    expect(describeTarget({ type: 'ban', ban: ban() })).toEqual({
      targetExcerpt: 'troll@example.com',
      banKind: 'email',
    });
    expect(
      describeTarget({ type: 'thread', thread: thread({ title: 'Claimed', isPageVerified: false }) }).targetExcerpt,
    ).toBe('page-5');
    expect(
      describeTarget({ type: 'thread', thread: thread({ title: 'The real title', isPageVerified: true }) })
        .targetExcerpt,
    ).toBe('The real title');
    expect(
      describeTarget({ type: 'comment', comment: comment({ status: 'deleted', bodySource: '' }) }).targetExcerpt,
    ).toBeNull();
    expect(describeTarget({ type: 'comment', comment: null }).targetExcerpt).toBeNull();
    expect(describeTarget(null)).toEqual({ targetExcerpt: null, banKind: null });
  });
});
