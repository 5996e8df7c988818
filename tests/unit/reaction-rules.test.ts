// The pure rules of reactions: what a toggle does to the counts, whose comment may get one, and what a request may say.
import type { Comment } from '../../server/comments/comment';
import { AppError } from '../../server/errors';
import { REACTIONS } from '../../server/protocol/dto';
import { parseReaction } from '../../server/reactions/reaction-input';
import { REACTION_EMOJI, REACTION_ORDER } from '../../client/reactions';
import { enRead } from '../../client/messages/en-read';
import { ar } from '../../client/messages/ar';
import {
  reactionCountChange,
  requireNotOwnComment,
  requireReactionsEnabled,
} from '../../server/reactions/reaction-rules';

const codeOf = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof AppError ? err.code : 'not an AppError';
  }
};

describe('reactionCountChange', () => {
  it('counts a reaction given (+1) or taken back (-1), and nothing when it stays as it was', () => {
    expect(reactionCountChange(false, true, false)).toBe(1);
    expect(reactionCountChange(true, false, false)).toBe(-1);
    expect(reactionCountChange(true, true, false)).toBe(0);
    expect(reactionCountChange(false, false, false)).toBe(0);
  });

  it('never counts a reaction held back as possible stuffing, given or taken back', () => {
    for (const [wasOn, isOn] of [
      [false, true],
      [true, false],
    ])
      expect(reactionCountChange(wasOn, isOn, true)).toBe(0);
  });
});

describe('who may react', () => {
  const comment = { id: 4, authorKey: 'author-key' } as Comment;

  it('refuses a reaction to one’s own comment, and allows everyone else’s', () => {
    expect(codeOf(() => requireNotOwnComment(comment, 'author-key'))).toBe('SELF_REACTION');
    expect(codeOf(() => requireNotOwnComment(comment, 'another-key'))).toBeNull();
    // A comment without an identity (posted before identities) is nobody's own.
    expect(codeOf(() => requireNotOwnComment({ ...comment, authorKey: null }, 'another-key'))).toBeNull();
  });

  it('refuses every reaction while the site owner has turned them off', () => {
    expect(codeOf(() => requireReactionsEnabled({ areReactionsEnabled: false }))).toBe('REACTIONS_OFF');
    expect(codeOf(() => requireReactionsEnabled({ areReactionsEnabled: true }))).toBeNull();
  });
});

describe('parseReaction', () => {
  it('takes each of the five reactions, given or taken back', () => {
    expect(REACTIONS).toEqual(['like', 'love', 'laugh', 'wow', 'sad']);
    for (const reaction of REACTIONS)
      for (const isOn of [true, false])
        expect(parseReaction({ commentId: 3, reaction, isOn })).toEqual({ commentId: 3, reaction, isOn });
    expect(parseReaction({ reaction: 'sad', isOn: false }, { commentId: 9 })).toEqual({
      commentId: 9,
      reaction: 'sad',
      isOn: false,
    });
  });

  it.each([
    [{ commentId: 3, reaction: 'angry', isOn: true }, 'reaction'],
    [{ commentId: 3, reaction: '👍', isOn: true }, 'reaction'],
    [{ commentId: 3, reaction: 'like' }, 'isOn'],
    [{ commentId: 3, reaction: 'like', isOn: 'yes' }, 'isOn'],
    [{ commentId: 3, reaction: 'like', isOn: true, extra: 1 }, 'extra'],
    [{ reaction: 'like', isOn: true }, 'commentId'],
  ])('refuses %j, naming %s', (raw, field) => {
    let error: unknown;
    try {
      parseReaction(raw);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    expect((error as AppError).details).toMatchObject({ fields: [expect.objectContaining({ field })] });
  });

  it('refuses a comment id in the body when the address names it', () => {
    expect(() => parseReaction({ commentId: 3, reaction: 'like', isOn: true }, { commentId: 3 })).toThrow(AppError);
  });
});

describe("the widget's copy of the reactions", () => {
  it('offers the server’s reactions, in its order, each with an emoji and a name in every language', () => {
    expect(REACTION_ORDER).toEqual(REACTIONS);
    expect(Object.values(REACTION_EMOJI)).toEqual(['👍', '❤️', '😂', '😮', '😢']);
    for (const catalog of [enRead, ar]) expect(Object.keys(catalog.comment.reactionNames)).toEqual([...REACTIONS]);
  });
});
