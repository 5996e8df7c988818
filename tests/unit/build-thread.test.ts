import { buildThread } from '../../server/comments/build-thread';
import type { PublicComment } from '../../server/protocol/dto';

function makeComment(overrides: Partial<PublicComment> & { id: number }): PublicComment {
  return {
    threadId: 1,
    parentId: null,
    depth: 0,
    status: 'published',
    authorName: `reader ${overrides.id}`,
    bodyHtml: '<p>hi</p>',
    score: 0,
    upvotes: 0,
    downvotes: 0,
    reactions: {},
    replyCount: 0,
    descendantCount: 0,
    replyToId: null,
    replyToName: null,
    isPinned: false,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, overrides.id)).toISOString(),
    editedAt: null,
    seq: overrides.id,
    anchor: null,
    ...overrides,
  };
}

describe('buildThread', () => {
  it('nests replies under their parents at every depth', () => {
    const tree = buildThread([
      makeComment({ id: 1 }),
      makeComment({ id: 2, parentId: 1, depth: 1 }),
      makeComment({ id: 3, parentId: 2, depth: 2 }),
      makeComment({ id: 4 }),
    ]);
    expect(tree.map((n) => n.id)).toEqual([1, 4]);
    expect(tree[0].replies.map((n) => n.id)).toEqual([2]);
    expect(tree[0].replies[0].replies.map((n) => n.id)).toEqual([3]);
    expect(tree[1].replies).toEqual([]);
  });

  it('orders every level oldest first, ties broken by id, whatever the input order', () => {
    const sameTime = '2026-01-01T00:00:00.000Z';
    const tree = buildThread([
      makeComment({ id: 5, createdAt: sameTime }),
      makeComment({ id: 3, createdAt: sameTime }),
      makeComment({ id: 9, parentId: 3, createdAt: '2026-01-01T00:00:09.000Z' }),
      makeComment({ id: 7, parentId: 3, createdAt: '2026-01-01T00:00:08.000Z' }),
    ]);
    expect(tree.map((n) => n.id)).toEqual([3, 5]);
    expect(tree[0].replies.map((n) => n.id)).toEqual([7, 9]);
  });

  it('keeps a reply whose parent is missing at the top level instead of losing it', () => {
    const tree = buildThread([makeComment({ id: 1 }), makeComment({ id: 2, parentId: 99, depth: 1 })]);
    expect(tree.map((n) => n.id)).toEqual([1, 2]);
  });

  it('orders top-level comments by the chosen sort and keeps replies oldest first under every sort', () => {
    const comments = [
      makeComment({ id: 1, score: 2 }),
      makeComment({ id: 2, score: 5 }),
      makeComment({ id: 3, score: 2 }),
      makeComment({ id: 4, score: -1 }),
      makeComment({ id: 6, parentId: 2, depth: 1, score: 9 }),
      makeComment({ id: 5, parentId: 2, depth: 1, score: 0 }),
    ];
    expect(buildThread(comments, 'oldest').map((n) => n.id)).toEqual([1, 2, 3, 4]);
    expect(buildThread(comments, 'newest').map((n) => n.id)).toEqual([4, 3, 2, 1]);
    // Most voted: score first; equal scores put the newer comment first.
    const top = buildThread(comments, 'top');
    expect(top.map((n) => n.id)).toEqual([2, 3, 1, 4]);
    expect(top[0].replies.map((n) => n.id)).toEqual([5, 6]);
  });

  it('does not modify its input', () => {
    const input = [makeComment({ id: 2 }), makeComment({ id: 1 })];
    const copy = JSON.parse(JSON.stringify(input));
    buildThread(input);
    expect(input).toEqual(copy);
  });
});
