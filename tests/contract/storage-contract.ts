// The storage contract as any engine must keep it: every store, units of work (all or nothing,
// invisible until committed), and the use cases that depend on them under concurrency. Each
// engine's test file runs this suite against a fresh database of its own.
import { createHash } from 'node:crypto';
import { createMemoryVoteWindows } from '../../server/abuse/vote-windows';
import { RateLimiter, type RateLimits } from '../../server/abuse/rate-limiter';
import type { AbuseDefences } from '../../server/abuse/abuse-defences';
import type { Comment, NewComment } from '../../server/comments/comment';
import { addComment, changeStatus } from '../../server/comments/comment-changes';
import { createCommentService } from '../../server/comments/comment-service';
import type { Storage, Stores } from '../../server/db/storage';
import { DomainEvents } from '../../server/domain-events';
import type { Actor } from '../../server/identity/actor';
import { createModerationService } from '../../server/moderation/moderation-service';
import { queueModeratorMail } from '../../server/notifications/notice-queue';
import { createSettingsService } from '../../server/policy/settings-service';
import type { Thread } from '../../server/threads/thread';
import { createVoteService } from '../../server/votes/vote-service';
import { createReactionService } from '../../server/reactions/reaction-service';

export interface EngineUnderTest {
  storage: Storage;
  /** Closes the storage and removes the database. */
  dispose(): Promise<void>;
}

const OFF = { perIdentity: null, perNetwork: null };
const NO_LIMITS: RateLimits = {
  post: OFF,
  edit: OFF,
  vote: OFF,
  report: OFF,
  login: OFF,
  thread: OFF,
  preview: OFF,
  subscribe: OFF,
};
const NOW = 1_800_000_000_000;

function abuseOff(): AbuseDefences {
  return {
    limiter: new RateLimiter(NO_LIMITS, () => NOW),
    voteWindows: createMemoryVoteWindows({ newForMs: 600_000, windowMs: 86_400_000 }),
    minSubmitMs: 0,
    spamCheck: null,
  };
}

const hex = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);
/** A reader of their own network, as the server identifies one: hashes of their token and address. */
const actor = (n: number | string): Actor => ({
  authorKey: hex(`reader-${n}`, 64),
  ipHash: hex(`network-${n}`, 32),
  address: null,
  userAgent: null,
});

function newComment(thread: Thread, overrides: Partial<NewComment> = {}): NewComment {
  return {
    threadId: thread.id,
    parentId: null,
    rootId: null,
    depth: 0,
    replyToId: null,
    replyToName: null,
    authorName: 'Nadia',
    authorEmail: null,
    authorKey: null,
    bodySource: 'A comment',
    bodyFormat: 'markdown',
    bodyHtml: '<p>A comment</p>',
    createdAtMs: NOW,
    ipHash: null,
    status: 'published',
    heldReason: null,
    clientId: null,
    ...overrides,
  };
}

export function storageContract(engineName: string, open: () => Promise<EngineUnderTest>): void {
  describe(`the storage contract on ${engineName}`, () => {
    let engine: EngineUnderTest;
    let storage: Storage;
    beforeEach(async () => {
      engine = await open();
      storage = engine.storage;
    });
    afterEach(() => engine.dispose());

    const services = () => {
      const events = new DomainEvents();
      const clock = { now: () => NOW };
      const moderationSettings = createSettingsService(storage.settings);
      // As the server wires it: committed settings reach every node's cache through the event.
      events.on('settings:changed', ({ settings }) => moderationSettings.remember(settings));
      const rules = { editWindowMs: 15 * 60_000, maxDepth: 5, pageSize: 20 };
      return {
        events,
        comments: createCommentService({ storage, events, clock, rules, moderationSettings, abuse: abuseOff() }),
        votes: createVoteService({ storage, events, clock, abuse: abuseOff() }),
        reactions: createReactionService({ storage, events, clock, abuse: abuseOff(), moderationSettings }),
        moderation: createModerationService({ storage, events, clock }),
      };
    };
    const openThread = (pageId = 'page-1') =>
      storage.threads.ensureThread({ pageId, url: null, title: null, createdAtMs: NOW });
    const add = (comment: NewComment) => storage.transaction((tx) => addComment(tx, comment));

    describe('threads', () => {
      it('a page opened many times at once has one thread', async () => {
        const threads = await Promise.all(Array.from({ length: 10 }, () => openThread('same-page')));
        expect(new Set(threads.map((t) => t.id)).size).toBe(1);
        expect(await storage.threads.findThreadByPageId('same-page')).toMatchObject({
          id: threads[0].id,
          commentCount: 0,
        });
      });

      it('counts published comments per page, and pages without a thread are absent', async () => {
        const thread = await openThread('counted');
        await add(newComment(thread));
        await add(newComment(thread, { status: 'pending', heldReason: 'all' }));
        const counts = await storage.threads.countByPageIds(['counted', 'nowhere']);
        expect([...counts]).toEqual([['counted', 1]]);
      });

      it('a thread keeps when a moderator last closed or reopened it', async () => {
        const thread = await openThread('closing');
        expect(thread).toMatchObject({ isClosed: false, closedAtMs: null, isReopened: false, reopenedAtMs: null });
        await storage.transaction((tx) => tx.threads.setThreadClosed(thread.id, true, NOW + 1));
        expect(await storage.threads.findThreadById(thread.id)).toMatchObject({
          isClosed: true,
          closedAtMs: NOW + 1,
          isReopened: false,
          reopenedAtMs: null,
        });
        await storage.transaction((tx) => tx.threads.setThreadClosed(thread.id, false, NOW + 2));
        expect(await storage.threads.findThreadById(thread.id)).toMatchObject({
          isClosed: false,
          closedAtMs: null,
          isReopened: true,
          reopenedAtMs: NOW + 2,
        });
      });
    });

    describe('moderation queues', () => {
      it('list one reader’s comments by identity, or by email (any case) when named so, or one comment, newest first', async () => {
        const thread = await openThread('queues');
        const key = actor('queue-reader').authorKey;
        const mine = [];
        for (let i = 0; i < 3; i++)
          mine.push(
            (await add(newComment(thread, { authorKey: key, createdAtMs: NOW + i, bodySource: `mine ${i}` }))).comment,
          );
        await add(newComment(thread, { authorKey: actor('someone').authorKey, createdAtMs: NOW + 5 }));
        const byMail = (await add(newComment(thread, { authorEmail: 'Mail@Example.com', createdAtMs: NOW + 6 })))
          .comment;
        const query = { queue: 'all' as const, threadId: null, text: '', author: '', after: null, limit: 10 };
        const ids = (list: Comment[]) => list.map((c) => c.id);
        expect(ids(await storage.moderation.listQueue({ ...query, sameAuthor: { authorKey: key! } }))).toEqual(
          ids([...mine].reverse()),
        );
        expect(
          ids(
            await storage.moderation.listQueue({
              ...query,
              sameAuthor: { authorKey: key! },
              after: { createdAtMs: mine[2].createdAtMs, id: mine[2].id },
              limit: 1,
            }),
          ),
        ).toEqual([mine[1].id]);
        expect(
          ids(await storage.moderation.listQueue({ ...query, sameAuthor: { email: 'mail@example.COM' } })),
        ).toEqual([byMail.id]);
        expect(ids(await storage.moderation.listQueue({ ...query, sameAuthor: { commentId: mine[0].id } }))).toEqual([
          mine[0].id,
        ]);
        expect(
          ids(await storage.moderation.listQueue({ ...query, queue: 'pending', sameAuthor: { authorKey: key! } })),
        ).toEqual([]);
      });
    });

    describe('networks', () => {
      it('count the other readers who wrote from a network since a moment: by identity, else email, else each comment', async () => {
        const thread = await openThread('network');
        const net = actor('office').ipHash!;
        const author = actor('author').authorKey;
        const colleague = actor('colleague').authorKey;
        const target = (await add(newComment(thread, { authorKey: author, ipHash: net }))).comment;
        await add(newComment(thread, { authorKey: author, ipHash: net, createdAtMs: NOW + 1 }));
        await add(newComment(thread, { authorKey: colleague, ipHash: net, createdAtMs: NOW + 2 }));
        await add(newComment(thread, { authorKey: colleague, ipHash: net, createdAtMs: NOW + 3 }));
        await add(newComment(thread, { authorEmail: 'Guest@Example.com', ipHash: net, createdAtMs: NOW + 4 }));
        await add(newComment(thread, { authorEmail: 'guest@example.COM', ipHash: net, createdAtMs: NOW + 5 }));
        const anonymous = (await add(newComment(thread, { ipHash: net, createdAtMs: NOW + 6 }))).comment;
        await add(newComment(thread, { ipHash: net, createdAtMs: NOW + 7 }));
        await add(newComment(thread, { authorKey: actor('elsewhere').authorKey, ipHash: actor('elsewhere').ipHash }));
        await add(newComment(thread, { authorKey: actor('long ago').authorKey, ipHash: net, createdAtMs: NOW - 10 }));

        const count = (except: Parameters<typeof storage.moderation.countOtherReadersOnNetwork>[0]['except']) =>
          storage.moderation.countOtherReadersOnNetwork({ ipHash: net, sinceMs: NOW, except });
        // The colleague, the guest by email (one, in any case), two comments with neither.
        expect(await count({ authorKey: author! })).toBe(4);
        expect(await count({ email: 'GUEST@example.com' })).toBe(4);
        expect(await count({ commentId: anonymous.id })).toBe(4);
        expect(
          await storage.moderation.countOtherReadersOnNetwork({
            ipHash: net,
            sinceMs: NOW - 10,
            except: { authorKey: author! },
          }),
        ).toBe(5);
        expect(
          await storage.moderation.countOtherReadersOnNetwork({
            ipHash: actor('nobody').ipHash!,
            sinceMs: 0,
            except: { commentId: target.id },
          }),
        ).toBe(0);
      });
    });

    describe('units of work', () => {
      it('keep all of their writes or none', async () => {
        const thread = await openThread();
        await expect(
          storage.transaction(async (tx) => {
            await addComment(tx, newComment(thread, { bodySource: 'never kept' }));
            throw new Error('refused after writing');
          }),
        ).rejects.toThrow('refused after writing');
        expect((await storage.threads.findThreadById(thread.id))!.commentCount).toBe(0);
        expect(
          await storage.comments.listTopLevelPage({
            threadId: thread.id,
            sort: 'oldest',
            after: null,
            limit: 10,
            viewerKey: null,
          }),
        ).toEqual([]);
      });

      it('a moderator’s settings change or new account is kept with its log entry, or not at all', async () => {
        const events = new DomainEvents();
        const clock = { now: () => NOW };
        const moderationSettings = createSettingsService(storage.settings);
        events.on('settings:changed', ({ settings }) => moderationSettings.remember(settings));
        // The log refuses its entry: the unit of work must keep nothing of the change it records.
        const failingLog: typeof storage = Object.create(storage, {
          transaction: {
            value: <T>(work: (tx: Stores) => Promise<T>) =>
              storage.transaction((tx) =>
                work({ ...tx, audit: { ...tx.audit, addEntry: () => Promise.reject(new Error('log refused')) } }),
              ),
          },
        });
        const moderation = createModerationService({ storage: failingLog, events, clock });
        const admin = (await storage.accounts.insertModerator({
          email: 'admin@example.com',
          displayName: 'A',
          role: 'admin',
          passwordHash: 'x',
          createdAtMs: NOW,
        }))!;
        const current = await moderationSettings.current();
        await expect(moderation.replaceSettings({ ...current, premoderation: 'all' }, admin)).rejects.toThrow(
          'log refused',
        );
        expect(await storage.settings.get('moderation')).toBeNull();
        expect((await moderationSettings.current()).premoderation).toBe('off');
        const record = {
          email: 'new@example.com',
          displayName: 'N',
          role: 'moderator' as const,
          passwordHash: 'x',
          createdAtMs: NOW,
        };
        await expect(moderation.addModerator(record, admin)).rejects.toThrow('log refused');
        expect(await storage.accounts.findModeratorByEmail('new@example.com')).toBeNull();

        const working = createModerationService({ storage, events, clock });
        await working.replaceSettings({ ...current, premoderation: 'all' }, admin);
        expect((await moderationSettings.current()).premoderation).toBe('all');
        await working.addModerator(record, admin);
        const logged = await storage.audit.listEntries({
          action: null,
          moderatorId: admin.id,
          beforeId: null,
          limit: 10,
        });
        expect(logged.map((e) => e.action)).toEqual(['moderator.create', 'settings.update']);
      });

      it('are invisible outside until they commit, and see their own writes inside', async () => {
        const thread = await openThread();
        let seenOutside: Comment | null | undefined;
        let seenInside: Comment | null = null;
        const { comment } = await storage.transaction(async (tx) => {
          const change = await addComment(tx, newComment(thread));
          seenInside = await tx.comments.findCommentById(change.comment.id);
          seenOutside = await storage.comments.findCommentById(change.comment.id);
          return change;
        });
        expect(seenInside).toMatchObject({ id: comment.id });
        expect(seenOutside).toBeNull();
        expect(await storage.comments.findCommentById(comment.id)).toMatchObject({ id: comment.id });
      });

      it('one failing among many at once fails alone', async () => {
        const thread = await openThread();
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) =>
            storage.transaction(async (tx) => {
              const change = await addComment(tx, newComment(thread, { bodySource: `comment ${i}` }));
              if (i === 3) throw new Error('this one fails');
              return change.comment.id;
            }),
          ),
        );
        expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
        expect((await storage.threads.findThreadById(thread.id))!.commentCount).toBe(7);
      });
    });

    describe('comments', () => {
      it('a reply counts on its parent and its conversation; the parent takes the reply’s change number', async () => {
        const thread = await openThread();
        const root = (await add(newComment(thread))).comment;
        const change = await add(newComment(thread, { parentId: root.id, rootId: root.rootId, depth: 1 }));
        expect(change.alsoChanged.map((c) => c.id)).toEqual([root.id]);
        const parent = (await storage.comments.findCommentById(root.id))!;
        expect(parent).toMatchObject({ replyCount: 1, descendantCount: 1, changeSeq: change.comment.changeSeq });
        expect(change.threadCommentCount).toBe(2);
      });

      it('a comment keeps its source and the format it is read in, and an edit stores both anew', async () => {
        const thread = await openThread();
        const old = (await add(newComment(thread, { bodySource: '<b>old</b>', bodyFormat: 'html' }))).comment;
        expect(await storage.comments.findCommentById(old.id)).toMatchObject({
          bodySource: '<b>old</b>',
          bodyFormat: 'html',
        });
        const edited = await storage.comments.updateBody({
          id: old.id,
          bodySource: '**new**',
          bodyFormat: 'markdown',
          bodyHtml: '<p><strong>new</strong></p>',
          editedAtMs: NOW + 1,
          changeSeq: await storage.comments.nextChangeSeq(),
        });
        expect(edited).toMatchObject({ bodySource: '**new**', bodyFormat: 'markdown' });
        expect(await storage.comments.findCommentById(old.id)).toMatchObject({
          bodySource: '**new**',
          bodyFormat: 'markdown',
          bodyHtml: '<p><strong>new</strong></p>',
        });
      });

      it('a removed comment with replies stays as a placeholder; removing its last reply takes it away', async () => {
        const thread = await openThread();
        const root = (await add(newComment(thread))).comment;
        const reply = (await add(newComment(thread, { parentId: root.id, rootId: root.rootId, depth: 1 }))).comment;
        await storage.transaction((tx) =>
          changeStatus(tx, {
            id: root.id,
            status: 'removed',
            nowMs: NOW,
            moderation: { moderatorId: null, reason: null },
          }),
        );
        const page = () =>
          storage.comments.listTopLevelPage({
            threadId: thread.id,
            sort: 'oldest',
            after: null,
            limit: 10,
            viewerKey: null,
          });
        expect((await page()).map((c) => c.id)).toEqual([root.id]);
        const change = await storage.transaction((tx) =>
          changeStatus(tx, {
            id: reply.id,
            status: 'removed',
            nowMs: NOW,
            moderation: { moderatorId: null, reason: null },
          }),
        );
        expect(change.alsoChanged.map((c) => c.id)).toEqual([root.id]);
        expect(await page()).toEqual([]);
        expect((await storage.threads.findThreadById(thread.id))!.commentCount).toBe(0);
      });

      it('change numbers only grow, and catch-up returns changes in that order', async () => {
        const thread = await openThread();
        const ids: number[] = [];
        for (let i = 0; i < 5; i++) ids.push((await add(newComment(thread, { bodySource: `c${i}` }))).comment.id);
        const seqBefore = (await storage.comments.findCommentById(ids[1]))!.changeSeq;
        const seq = await storage.transaction(async (tx) => tx.comments.nextChangeSeq());
        expect(seq).toBeGreaterThan((await storage.comments.findCommentById(ids[4]))!.changeSeq);
        await storage.transaction(async (tx) => tx.comments.setPinned(ids[0], true, await tx.comments.nextChangeSeq()));
        const changes = await storage.comments.listChangesSince(thread.id, seqBefore, 100);
        expect(changes.map((c) => c.id)).toEqual([ids[2], ids[3], ids[4], ids[0]]);
        expect(await storage.comments.latestChangeSeq(thread.id)).toBe(changes[changes.length - 1].changeSeq);
      });

      it('pages by a kept key: comments arriving between pages cause no repeats and no gaps', async () => {
        const thread = await openThread();
        for (let i = 0; i < 6; i++) await add(newComment(thread, { bodySource: `old ${i}`, createdAtMs: NOW + i }));
        for (const sort of ['oldest', 'newest', 'top'] as const) {
          const first = await storage.comments.listTopLevelPage({
            threadId: thread.id,
            sort,
            after: null,
            limit: 3,
            viewerKey: null,
          });
          const last = first[first.length - 1];
          const key =
            sort === 'top'
              ? { sort, score: last.score, createdAtMs: last.createdAtMs, id: last.id }
              : { sort, createdAtMs: last.createdAtMs, id: last.id };
          const second = await storage.comments.listTopLevelPage({
            threadId: thread.id,
            sort,
            after: key,
            limit: 10,
            viewerKey: null,
          });
          const seen = [...first, ...second].map((c) => c.id);
          expect(new Set(seen).size).toBe(seen.length);
          if (sort !== 'newest') expect(seen).toHaveLength(6);
        }
        // Posted meanwhile: newer than everything, so after every kept key of "oldest".
        const first = await storage.comments.listTopLevelPage({
          threadId: thread.id,
          sort: 'oldest',
          after: null,
          limit: 3,
          viewerKey: null,
        });
        await add(newComment(thread, { bodySource: 'new', createdAtMs: NOW + 100 }));
        const last = first[first.length - 1];
        const rest = await storage.comments.listTopLevelPage({
          threadId: thread.id,
          sort: 'oldest',
          after: { sort: 'oldest', createdAtMs: last.createdAtMs, id: last.id },
          limit: 10,
          viewerKey: null,
        });
        expect([...first, ...rest].map((c) => c.bodySource)).toEqual([
          'old 0',
          'old 1',
          'old 2',
          'old 3',
          'old 4',
          'old 5',
          'new',
        ]);
      });
    });

    describe('inline feedback', () => {
      const onPassage = (passageId: string, quote = '') => ({ passageId, quote, before: '', after: '' });

      it("keeps a comment's anchor as given, as plain text, and leaves other comments without one", async () => {
        const thread = await openThread('anchored');
        const anchor = { passageId: 'p1', quote: '<b>bold</b> & "quoted"', before: 'Before, ', after: ' after.' };
        const { comment } = await add(newComment(thread, { anchor }));
        const plain = (await add(newComment(thread, { createdAtMs: NOW + 1 }))).comment;
        for (const read of [comment, (await storage.comments.findCommentById(comment.id))!]) {
          expect([read.anchorPassage, read.anchorQuote, read.anchorBefore, read.anchorAfter]).toEqual([
            'p1',
            '<b>bold</b> & "quoted"',
            'Before, ',
            ' after.',
          ]);
        }
        expect([plain.anchorPassage, plain.anchorQuote, plain.anchorBefore, plain.anchorAfter]).toEqual([
          null,
          null,
          null,
          null,
        ]);
      });

      it('lists only feedback under every sort, page after page by a kept key', async () => {
        const thread = await openThread('feedback-pages');
        const feedbackIds: number[] = [];
        for (let i = 0; i < 7; i++) {
          const isFeedback = i % 2 === 0;
          const { comment } = await add(
            newComment(thread, {
              bodySource: `c${i}`,
              createdAtMs: NOW + i,
              anchor: isFeedback ? onPassage(i < 4 ? 'p1' : 'p2') : null,
            }),
          );
          if (isFeedback) feedbackIds.push(comment.id);
        }
        for (const sort of ['oldest', 'newest', 'top'] as const) {
          const query = { threadId: thread.id, sort, limit: 2, viewerKey: null, isFeedbackOnly: true };
          const first = await storage.comments.listTopLevelPage({ ...query, after: null });
          const last = first[first.length - 1];
          const key =
            sort === 'top'
              ? { sort, score: last.score, createdAtMs: last.createdAtMs, id: last.id }
              : { sort, createdAtMs: last.createdAtMs, id: last.id };
          const second = await storage.comments.listTopLevelPage({ ...query, after: key, limit: 10 });
          const seen = [...first, ...second].map((c) => c.id);
          expect(first).toHaveLength(2);
          expect([...seen].sort((a, b) => a - b)).toEqual(feedbackIds);
        }
        const everything = await storage.comments.listTopLevelPage({
          threadId: thread.id,
          sort: 'oldest',
          after: null,
          limit: 10,
          viewerKey: null,
          isFeedbackOnly: false,
        });
        expect(everything).toHaveLength(7);
      });

      it('counts published top-level feedback per passage; held, removed and replies do not count', async () => {
        const thread = await openThread('feedback-counts');
        const other = await openThread('feedback-elsewhere');
        await add(newComment(thread, { anchor: onPassage('p1') }));
        const second = (await add(newComment(thread, { anchor: onPassage('p1', 'text'), createdAtMs: NOW + 1 })))
          .comment;
        await add(newComment(thread, { anchor: onPassage('p2'), createdAtMs: NOW + 2 }));
        await add(
          newComment(thread, {
            anchor: { passageId: null, quote: 'any text', before: 'a', after: 'b' },
            createdAtMs: NOW + 3,
          }),
        );
        await add(
          newComment(thread, { anchor: onPassage('p2'), status: 'pending', heldReason: 'all', createdAtMs: NOW + 4 }),
        );
        await add(newComment(thread, { createdAtMs: NOW + 5 }));
        await add(newComment(other, { anchor: onPassage('p1') }));
        const counts = async () =>
          (await storage.comments.countFeedback(thread.id)).sort((a, b) =>
            String(a.passageId).localeCompare(String(b.passageId)),
          );
        expect(await counts()).toEqual([
          { passageId: null, count: 1 },
          { passageId: 'p1', count: 2 },
          { passageId: 'p2', count: 1 },
        ]);
        await storage.transaction((tx) =>
          changeStatus(tx, {
            id: second.id,
            status: 'removed',
            nowMs: NOW,
            moderation: { moderatorId: null, reason: null },
          }),
        );
        expect(await counts()).toContainEqual({ passageId: 'p1', count: 1 });
      });
    });

    describe('reactions', () => {
      it('keep one row per reader, comment and kind: given, taken back with its flag kept, and given again', async () => {
        const thread = await openThread('reacting');
        const { comment } = await add(newComment(thread));
        const other = (await add(newComment(thread, { createdAtMs: NOW + 1 }))).comment;
        const reader = actor('reactor').authorKey!;
        expect([...(await storage.reactions.findReactions(comment.id, reader))]).toEqual([]);

        await storage.transaction(async (tx) => {
          await tx.reactions.saveReaction({
            commentId: comment.id,
            reactorKey: reader,
            reaction: 'laugh',
            atMs: NOW,
            ipHash: actor('reactor').ipHash,
            isFlagged: false,
          });
          await tx.reactions.saveReaction({
            commentId: comment.id,
            reactorKey: reader,
            reaction: 'like',
            atMs: NOW,
            ipHash: null,
            isFlagged: true,
          });
          await tx.reactions.saveReaction({
            commentId: other.id,
            reactorKey: reader,
            reaction: 'sad',
            atMs: NOW,
            ipHash: null,
            isFlagged: false,
          });
        });
        expect(new Map(await storage.reactions.findReactions(comment.id, reader))).toEqual(
          new Map([
            ['laugh', { isOn: true, isFlagged: false }],
            ['like', { isOn: true, isFlagged: true }],
          ]),
        );
        // Each comment's in the order the widget offers them, whatever order they were given in.
        expect(
          await storage.reactions.findReactionsByReactor(reader, [comment.id, other.id, comment.id + 1000]),
        ).toEqual(
          new Map([
            [comment.id, ['like', 'laugh']],
            [other.id, ['sad']],
          ]),
        );

        await storage.reactions.withdrawReaction(comment.id, reader, 'like');
        expect((await storage.reactions.findReactions(comment.id, reader)).get('like')).toEqual({
          isOn: false,
          isFlagged: true,
        });
        expect((await storage.reactions.findReactionsByReactor(reader, [comment.id])).get(comment.id)).toEqual([
          'laugh',
        ]);
        // Given again: on, and still flagged as when first given.
        await storage.reactions.saveReaction({
          commentId: comment.id,
          reactorKey: reader,
          reaction: 'like',
          atMs: NOW + 5,
          ipHash: null,
          isFlagged: false,
        });
        expect((await storage.reactions.findReactions(comment.id, reader)).get('like')).toEqual({
          isOn: true,
          isFlagged: true,
        });
        expect(await storage.reactions.findReactionsByReactor(reader, [])).toEqual(new Map());
      });

      it('a comment keeps a count per kind, each change taking a new change number', async () => {
        const thread = await openThread('reaction-counts');
        const { comment } = await add(newComment(thread));
        const seq = await storage.transaction((tx) => tx.comments.nextChangeSeq());
        const after = await storage.transaction((tx) => tx.comments.addReactionCount(comment.id, 'wow', 2, seq));
        expect(after.reactions).toEqual({ like: 0, love: 0, laugh: 0, wow: 2, sad: 0 });
        expect(after.changeSeq).toBe(seq);
        const later = await storage.transaction(async (tx) =>
          tx.comments.addReactionCount(comment.id, 'wow', -1, await tx.comments.nextChangeSeq()),
        );
        expect(later.reactions.wow).toBe(1);
        expect(later.changeSeq).toBeGreaterThan(seq);
        expect((await storage.comments.findCommentById(comment.id))!.reactions).toEqual(later.reactions);
      });

      it('given at once by many readers, and by one reader many times at once, each reader counts once per kind', async () => {
        const { reactions } = services();
        const thread = await openThread('reactions-at-once');
        const { comment } = await add(newComment(thread, { authorKey: actor('author').authorKey }));
        await Promise.all([
          ...Array.from({ length: 12 }, (_, i) =>
            reactions.setReaction({ commentId: comment.id, reaction: 'love', isOn: true }, actor(`fan-${i}`)),
          ),
          ...Array.from({ length: 8 }, () =>
            reactions.setReaction({ commentId: comment.id, reaction: 'laugh', isOn: true }, actor('eager')),
          ),
        ]);
        expect((await storage.comments.findCommentById(comment.id))!.reactions).toMatchObject({ love: 12, laugh: 1 });
        await Promise.all(
          Array.from({ length: 5 }, () =>
            reactions.setReaction({ commentId: comment.id, reaction: 'laugh', isOn: false }, actor('eager')),
          ),
        );
        expect((await storage.comments.findCommentById(comment.id))!.reactions).toMatchObject({ love: 12, laugh: 0 });
      });
    });

    describe('use cases at once', () => {
      it('votes cast at once by many readers all count', async () => {
        const { comments, votes } = services();
        const thread = await openThread();
        const comment = await comments.postComment(
          {
            threadId: thread.id,
            parentId: null,
            authorName: 'Nadia',
            authorEmail: null,
            body: 'Vote on me',
            clientId: null,
            honeypot: '',
            elapsedMs: null,
            notifyReplies: false,
          },
          actor('author'),
        );
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            votes.castVote({ commentId: comment.id, value: i % 4 === 0 ? -1 : 1 }, actor(i)),
          ),
        );
        expect(await storage.comments.findCommentById(comment.id)).toMatchObject({
          upvotes: 15,
          downvotes: 5,
          score: 10,
        });
      });

      it('one reader voting many times at once counts once', async () => {
        const { comments, votes } = services();
        const thread = await openThread();
        const comment = await comments.postComment(
          {
            threadId: thread.id,
            parentId: null,
            authorName: 'Nadia',
            authorEmail: null,
            body: 'Vote on me',
            clientId: null,
            honeypot: '',
            elapsedMs: null,
            notifyReplies: false,
          },
          actor('author'),
        );
        await Promise.all(
          Array.from({ length: 10 }, () => votes.castVote({ commentId: comment.id, value: 1 }, actor('same'))),
        );
        expect(await storage.comments.findCommentById(comment.id)).toMatchObject({ upvotes: 1, score: 1 });
        expect(await storage.votes.findVotesByVoter(actor('same').authorKey!, [comment.id])).toEqual(
          new Map([[comment.id, 1]]),
        );
      });

      it('two moderators removing one comment at once: one removes it, the other is told it already is', async () => {
        const { comments, moderation } = services();
        const thread = await openThread();
        const comment = await comments.postComment(
          {
            threadId: thread.id,
            parentId: null,
            authorName: 'Nadia',
            authorEmail: null,
            body: 'Remove me',
            clientId: null,
            honeypot: '',
            elapsedMs: null,
            notifyReplies: false,
          },
          actor('author'),
        );
        const moderators = await Promise.all(
          [1, 2].map(
            async (n) =>
              (await storage.accounts.insertModerator({
                email: `m${n}@example.com`,
                displayName: `M${n}`,
                role: 'moderator',
                passwordHash: 'x',
                createdAtMs: NOW,
              }))!,
          ),
        );
        const results = await Promise.allSettled(
          moderators.map((m) => moderation.applyAction(comment.id, 'remove', m, null)),
        );
        expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
        expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
          code: 'ALREADY_IN_STATE',
        });
        expect((await storage.threads.findThreadById(thread.id))!.commentCount).toBe(0);
        const entries = await storage.audit.listEntries({
          action: 'comment.remove',
          moderatorId: null,
          beforeId: null,
          limit: 10,
        });
        expect(entries).toHaveLength(1);
      });

      it('the same post sent twice at once is stored once', async () => {
        const { comments } = services();
        const thread = await openThread();
        const input = {
          threadId: thread.id,
          parentId: null,
          authorName: 'Nadia',
          authorEmail: null,
          body: 'Once',
          clientId: 'client-id-0123456789',
          honeypot: '',
          elapsedMs: null,
          notifyReplies: false,
        };
        const [a, b] = await Promise.all([
          comments.postComment(input, actor(1)),
          comments.postComment(input, actor(1)),
        ]);
        expect(a.id).toBe(b.id);
        expect((await storage.threads.findThreadById(thread.id))!.commentCount).toBe(1);
      });
    });

    describe('a unit’s checks hold until it commits', () => {
      /**
       * Resolves when `other` does, or after `boundMs`: an engine that keeps a second unit's read
       * waiting until the first commits makes this wait its whole bound; one that lets the read
       * through (the race under test) ends it at once.
       */
      const untilOrBound = (other: Promise<unknown>, boundMs: number) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, boundMs);
          void other.then(() => {
            clearTimeout(timer);
            resolve();
          });
        });

      /** Resolvable from outside: the moment one unit has made its check. */
      const signal = () => {
        let fire!: () => void;
        const fired = new Promise<void>((resolve) => (fire = resolve));
        return { fire, fired };
      };

      it('a second unit checking a reader’s vote while the first holds it sees the first one’s vote', async () => {
        const thread = await openThread();
        const { comment } = await add(newComment(thread));
        const voter = actor('double').authorKey!;
        const firstChecked = signal();
        const secondChecked = signal();
        /** Casts an up vote unless the reader has one, as the vote use case does, and says whether it counted. */
        const castUp = (afterCheck: () => Promise<void>) =>
          storage.transaction(async (tx) => {
            const existing = await tx.votes.findVote(comment.id, voter);
            await afterCheck();
            if (existing !== null && existing.value === 1) return false;
            await tx.votes.saveVote({
              commentId: comment.id,
              voterKey: voter,
              value: 1,
              atMs: NOW,
              ipHash: null,
              isFlagged: false,
            });
            await tx.comments.addVoteTally(
              comment.id,
              { up: 1, down: 0, flagged: 0 },
              await tx.comments.nextChangeSeq(),
            );
            return true;
          });
        const first = castUp(async () => {
          firstChecked.fire();
          await untilOrBound(secondChecked.fired, 300);
        });
        await firstChecked.fired;
        const second = castUp(async () => secondChecked.fire());
        expect((await Promise.all([first, second])).sort()).toEqual([false, true]);
        expect(await storage.comments.findCommentById(comment.id)).toMatchObject({ upvotes: 1, score: 1 });
      });

      it('a second unit checking a comment’s status while the first changes it sees the change', async () => {
        const thread = await openThread();
        const { comment } = await add(newComment(thread));
        const firstChecked = signal();
        const secondChecked = signal();
        /** Removes the comment unless it already is, and says whether this unit did. */
        const remove = (afterCheck: () => Promise<void>) =>
          storage.transaction(async (tx) => {
            const current = (await tx.comments.findCommentById(comment.id))!;
            await afterCheck();
            if (current.status === 'removed') return false;
            await changeStatus(tx, {
              id: comment.id,
              status: 'removed',
              nowMs: NOW,
              moderation: { moderatorId: null, reason: null },
            });
            return true;
          });
        const first = remove(async () => {
          firstChecked.fire();
          await untilOrBound(secondChecked.fired, 300);
        });
        await firstChecked.fired;
        const second = remove(async () => secondChecked.fire());
        expect((await Promise.all([first, second])).sort()).toEqual([false, true]);
        expect((await storage.threads.findThreadById(thread.id))!.commentCount).toBe(0);
      });
    });

    describe('catch-up by change number', () => {
      it('a change numbered later never becomes visible before one numbered earlier that is still to commit', async () => {
        const thread = await openThread();
        const one = (await add(newComment(thread, { bodySource: 'one' }))).comment;
        const two = (await add(newComment(thread, { bodySource: 'two' }))).comment;
        const vote = (tx: Stores, id: number) =>
          tx.comments.nextChangeSeq().then((seq) => tx.comments.addVoteTally(id, { up: 1, down: 0, flagged: 0 }, seq));
        let resolveLater!: () => void;
        const laterDone = new Promise<void>((resolve) => (resolveLater = resolve));
        let resolveEarlierTook!: () => void;
        const earlierTook = new Promise<void>((resolve) => (resolveEarlierTook = resolve));
        const earlier = storage.transaction(async (tx) => {
          const changed = await vote(tx, one.id);
          resolveEarlierTook();
          // Held open until the later change is done, or for a bound: an engine that makes
          // the later one wait for this commit reaches the bound.
          await Promise.race([laterDone, new Promise((resolve) => setTimeout(resolve, 300))]);
          return changed;
        });
        await earlierTook;
        const later = storage
          .transaction((tx) => vote(tx, two.id))
          .then(async (changed) => {
            const visible = await storage.comments.listChangesSince(thread.id, two.changeSeq, 100);
            resolveLater();
            return { changed, visible };
          });
        const [first, { changed: second, visible }] = await Promise.all([earlier, later]);
        expect(first.changeSeq).toBeLessThan(second.changeSeq);
        // A reader catching up when the later change appeared must already see the earlier one,
        // or it would ask for "after the later one" next and never get it.
        expect(visible.map((c) => c.id)).toEqual([one.id, two.id]);
      });
    });

    describe('accounts', () => {
      it('one email is one account whatever its case', async () => {
        const record = { displayName: 'M', role: 'moderator' as const, passwordHash: 'x', createdAtMs: NOW };
        const first = await storage.accounts.insertModerator({ ...record, email: 'Mod@Example.com' });
        expect(first).toMatchObject({ email: 'Mod@Example.com' });
        expect(await storage.accounts.insertModerator({ ...record, email: 'mod@example.com' })).toBeNull();
        expect(await storage.accounts.findModeratorByEmail('MOD@example.com')).toMatchObject({ id: first!.id });
      });

      it('login attempts made at once on a key never seen before are each counted', async () => {
        const attempt = () =>
          storage.accounts.takeLoginAttempt('email:new@example.com', (current) => ({
            result: current?.failures ?? 0,
            next: { failures: (current?.failures ?? 0) + 1, lastFailureAtMs: NOW, lockedUntilMs: null },
          }));
        const seen = await Promise.all(Array.from({ length: 10 }, attempt));
        expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(await storage.accounts.findLoginFailures('email:new@example.com')).toMatchObject({ failures: 10 });
      });
    });

    describe('settings and identities', () => {
      it('a setting made on first use is made once, whoever asks first', async () => {
        const values = await Promise.all(
          Array.from({ length: 5 }, (_, i) => storage.settings.getOrCreate('key', () => `made-${i}`)),
        );
        expect(new Set(values).size).toBe(1);
        expect(await storage.settings.get('key')).toBe(values[0]);
      });

      it('an identity keeps the moment it was first seen', async () => {
        await storage.transaction((tx) => tx.identities.noteIdentity('k', NOW, 'net'));
        await storage.transaction((tx) => tx.identities.noteIdentity('k', NOW + 5000, 'net'));
        expect(await storage.identities.findFirstSeen('k')).toBe(NOW);
        expect(await storage.identities.findFirstSeen('never')).toBeNull();
      });
    });

    describe('subscriptions and the mail outbox', () => {
      const subscribe = (thread: Thread, email: string, kind: 'thread' | 'replies' = 'thread', authorKey = null) =>
        storage.subscriptions.saveSubscription({ threadId: thread.id, email, kind, authorKey, atMs: NOW });
      const confirmed = async (thread: Thread, email: string) => {
        const s = await subscribe(thread, email);
        await storage.subscriptions.confirmAddress(email, NOW);
        return s;
      };
      const queueNotice = (email: string, subscriptionId: number, commentId: number, atMs = NOW) =>
        storage.outbox.queueMail({ email, purpose: 'notice', subscriptionId, commentId, dueAtMs: atMs, atMs });

      it('one subscription per thread, address and kind; an ended one comes back when asked for again', async () => {
        const thread = await openThread('subscribed');
        const first = await subscribe(thread, 'a@example.com');
        expect(await subscribe(thread, 'a@example.com')).toMatchObject({ id: first.id, endedAtMs: null });
        expect(await storage.subscriptions.endSubscriptions('a@example.com', first.id, NOW + 1)).toBe(1);
        expect(await storage.subscriptions.listSubscriptionsByEmail('a@example.com')).toEqual([]);
        expect(await subscribe(thread, 'a@example.com')).toMatchObject({ id: first.id, endedAtMs: null });
        // Ending another address's subscription by its id ends nothing.
        expect(await storage.subscriptions.endSubscriptions('b@example.com', first.id, NOW)).toBe(0);
      });

      it('only confirmed addresses’ open subscriptions are listed for notices, and a confirmation keeps its first moment', async () => {
        const thread = await openThread('listed');
        await subscribe(thread, 'pending@example.com');
        const open = await confirmed(thread, 'open@example.com');
        const ended = await confirmed(thread, 'ended@example.com');
        await storage.subscriptions.endSubscriptions('ended@example.com', null, NOW);
        expect((await storage.subscriptions.listConfirmedByThread(thread.id, 'thread')).map((s) => s.id)).toEqual([
          open.id,
        ]);
        await storage.subscriptions.confirmAddress('open@example.com', NOW + 5000);
        expect(await storage.subscriptions.findAddress('open@example.com')).toMatchObject({ confirmedAtMs: NOW });
        expect(await storage.subscriptions.findSubscriptionById(ended.id)).toMatchObject({ endedAtMs: NOW });
      });

      it('publishing a comment queues its notices in the same unit of work: none when the unit fails, one per address however often it is published', async () => {
        const thread = await openThread('noticed');
        const subscription = await confirmed(thread, 'reader@example.com');
        await expect(
          storage.transaction(async (tx) => {
            await addComment(tx, newComment(thread));
            throw new Error('the unit fails after the comment');
          }),
        ).rejects.toThrow('the unit fails');
        expect(await storage.outbox.listRecent(10)).toEqual([]);
        const change = await add(newComment(thread, { status: 'pending', heldReason: 'all' }));
        expect(await storage.outbox.listRecent(10)).toEqual([]);
        const publish = () =>
          storage.transaction((tx) => changeStatus(tx, { id: change.comment.id, status: 'published', nowMs: NOW }));
        await publish();
        await storage.transaction((tx) => changeStatus(tx, { id: change.comment.id, status: 'pending', nowMs: NOW }));
        await publish();
        expect(await storage.outbox.listRecent(10)).toEqual([
          expect.objectContaining({
            email: 'reader@example.com',
            purpose: 'notice',
            subscriptionId: subscription.id,
            commentId: change.comment.id,
            state: 'pending',
          }),
        ]);
      });

      it('a banned author’s comment queues no notice when it is approved, and neither does a subscriber’s own', async () => {
        const thread = await openThread('banned-author');
        await confirmed(thread, 'reader@example.com');
        const held = await add(
          newComment(thread, { status: 'pending', heldReason: 'all', authorEmail: 'troll@example.com' }),
        );
        await storage.bans.addBan({
          kind: 'email',
          value: 'troll@example.com',
          reason: null,
          createdBy: null,
          createdAtMs: NOW - 1,
          expiresAtMs: null,
        });
        await storage.transaction((tx) => changeStatus(tx, { id: held.comment.id, status: 'published', nowMs: NOW }));
        await add(newComment(thread, { authorEmail: 'READER@example.com' }));
        expect(await storage.outbox.listRecent(10)).toEqual([]);
      });

      it('thread subscribers are noticed in one statement: confirmed and open ones only, never the author by identity, once with a reply', async () => {
        const thread = await openThread('fanned-out');
        const both = await confirmed(thread, 'both@example.com');
        await storage.subscriptions.saveSubscription({
          threadId: thread.id,
          email: 'both@example.com',
          kind: 'replies',
          authorKey: 'key-both',
          atMs: NOW,
        });
        await subscribe(thread, 'unconfirmed@example.com');
        await confirmed(thread, 'ended@example.com');
        await storage.subscriptions.endSubscriptions('ended@example.com', null, NOW);
        await storage.subscriptions.saveSubscription({
          threadId: thread.id,
          email: 'self@example.com',
          kind: 'thread',
          authorKey: 'key-self',
          atMs: NOW,
        });
        await storage.subscriptions.confirmAddress('self@example.com', NOW);
        const parent = await add(newComment(thread, { authorKey: 'key-both' }));
        await storage.transaction(async (tx) => {
          for (const row of await tx.outbox.listRecent(10)) await tx.outbox.markDropped([row.id], 'earlier');
        });
        const reply = await add(newComment(thread, { parentId: parent.comment.id, authorKey: 'key-self' }));
        const rows = (await storage.outbox.listRecent(20)).filter((m) => m.commentId === reply.comment.id);
        expect(rows.map((m) => [m.email, m.subscriptionId])).toEqual([['both@example.com', both.id]]);
      });

      it('a thread’s author names are its published comments’, each with its latest comment', async () => {
        const thread = await openThread('named');
        const other = await openThread('named-elsewhere');
        const first = await add(newComment(thread, { authorName: 'Ada' }));
        await add(newComment(thread, { authorName: 'Held', status: 'pending', heldReason: 'all' }));
        const latest = await add(newComment(thread, { authorName: 'Ada' }));
        const grace = await add(newComment(thread, { authorName: 'Grace' }));
        await add(newComment(other, { authorName: 'Linus' }));
        const names = await storage.comments.listAuthorNames(thread.id);
        expect([...names].sort((a, b) => a.id - b.id)).toEqual([
          { id: latest.comment.id, authorName: 'Ada' },
          { id: grace.comment.id, authorName: 'Grace' },
        ]);
        expect(first.comment.id).toBeLessThan(latest.comment.id);
      });

      it('a comment held or reported queues mail, in its unit of work, for each moderator who asked for it and no other', async () => {
        const record = { role: 'moderator' as const, passwordHash: 'x', createdAtMs: NOW };
        const watcher = (await storage.accounts.insertModerator({
          ...record,
          email: 'Watcher@Example.com',
          displayName: 'W',
        }))!;
        const quiet = (await storage.accounts.insertModerator({
          ...record,
          email: 'q@example.com',
          displayName: 'Q',
        }))!;
        expect(await storage.accounts.findMailPreferences(quiet.id)).toEqual({ onHeld: false, onReport: false });
        await storage.accounts.setMailPreferences(watcher.id, { onHeld: true, onReport: true });
        expect(await storage.accounts.findMailPreferences(watcher.id)).toEqual({ onHeld: true, onReport: true });
        expect(await storage.subscriptions.listModeratorsToMail('held')).toEqual([
          { moderatorId: watcher.id, email: 'watcher@example.com' },
        ]);
        const thread = await openThread('held-for-mods');
        await expect(
          storage.transaction(async (tx) => {
            await addComment(tx, newComment(thread, { status: 'pending', heldReason: 'all' }));
            throw new Error('the unit fails after the comment');
          }),
        ).rejects.toThrow('the unit fails');
        expect(await storage.outbox.listRecent(10)).toEqual([]);
        const held = await add(newComment(thread, { status: 'pending', heldReason: 'all' }));
        // Held again after publishing: still one mail of a hold per comment and address.
        await storage.transaction((tx) => changeStatus(tx, { id: held.comment.id, status: 'published', nowMs: NOW }));
        await storage.transaction((tx) => changeStatus(tx, { id: held.comment.id, status: 'pending', nowMs: NOW }));
        // Reports are each told, and a moderator's own action is not.
        for (let i = 0; i < 2; i++)
          await storage.transaction((tx) => queueModeratorMail(tx, 'report', held.comment.id, null, NOW));
        await storage.transaction((tx) => queueModeratorMail(tx, 'report', held.comment.id, watcher.id, NOW));
        const mails = (await storage.outbox.listRecent(10)).reverse();
        expect(mails.map((m) => [m.email, m.purpose, m.subscriptionId, m.commentId])).toEqual([
          ['watcher@example.com', 'held', null, held.comment.id],
          ['watcher@example.com', 'report', null, held.comment.id],
          ['watcher@example.com', 'report', null, held.comment.id],
        ]);
        // Moderators' mail is not batched: it is due at once.
        const claimed = await storage.outbox.claimDue({
          nowMs: NOW,
          leaseUntilMs: NOW + 1000,
          noticesBeforeMs: NOW - 60_000,
          limit: 10,
        });
        expect(claimed).toHaveLength(3);
      });

      it('workers claiming at once never get the same mail, and a lapsed claim is claimed again', async () => {
        const thread = await openThread('claimed');
        const subscription = await subscribe(thread, 'c@example.com');
        for (let i = 0; i < 12; i++)
          await storage.outbox.queueMail({
            email: `c${i}@example.com`,
            purpose: 'confirm',
            subscriptionId: subscription.id,
            commentId: null,
            dueAtMs: NOW,
            atMs: NOW,
          });
        const claim = (nowMs = NOW) =>
          storage.outbox.claimDue({ nowMs, leaseUntilMs: nowMs + 1000, noticesBeforeMs: nowMs, limit: 3 });
        const claims = await Promise.all(Array.from({ length: 6 }, () => claim()));
        const ids = claims.flat().map((m) => m.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(12);
        expect(claims.flat().every((m) => m.state === 'sending')).toBe(true);
        expect(await claim()).toEqual([]);
        expect((await claim(NOW + 1000)).length).toBe(3);
      });

      it('notices wait out the batch window, then go with the address’s other due notices', async () => {
        const thread = await openThread('batched');
        const subscription = await confirmed(thread, 'd@example.com');
        const first = await add(newComment(thread, { status: 'pending', heldReason: 'all' }));
        const second = await add(newComment(thread, { status: 'pending', heldReason: 'all' }));
        await queueNotice('d@example.com', subscription.id, first.comment.id, NOW);
        await queueNotice('d@example.com', subscription.id, second.comment.id, NOW + 500);
        await queueNotice('d@example.com', subscription.id, first.comment.id, NOW + 600);
        const claim = (nowMs: number) =>
          storage.outbox.claimDue({ nowMs, leaseUntilMs: nowMs + 60_000, noticesBeforeMs: nowMs - 1000, limit: 10 });
        expect(await claim(NOW + 600)).toEqual([]);
        const batch = await claim(NOW + 1000);
        expect(batch.map((m) => m.commentId)).toEqual([first.comment.id, second.comment.id]);
      });

      it('a failed send goes back to wait for its retry, or fails for good; a sent one keeps its message id', async () => {
        const thread = await openThread('retried');
        const subscription = await confirmed(thread, 'e@example.com');
        const comment = await add(newComment(thread, { status: 'pending', heldReason: 'all' }));
        await queueNotice('e@example.com', subscription.id, comment.comment.id);
        const claim = (nowMs: number) =>
          storage.outbox.claimDue({ nowMs, leaseUntilMs: nowMs + 60_000, noticesBeforeMs: nowMs, limit: 10 });
        const [mail] = await claim(NOW);
        await storage.outbox.markFailed([mail.id], { error: '451 busy', retryAtMs: NOW + 5000 });
        expect(await storage.outbox.listRecent(1)).toEqual([
          expect.objectContaining({ state: 'pending', attempts: 1, lastError: '451 busy', dueAtMs: NOW + 5000 }),
        ]);
        expect(await claim(NOW + 4999)).toEqual([]);
        expect(await claim(NOW + 5000)).toHaveLength(1);
        await storage.outbox.markSent([mail.id], { messageId: '<m@x>', atMs: NOW + 5001 });
        expect(await storage.outbox.listRecent(1)).toEqual([
          expect.objectContaining({
            state: 'sent',
            attempts: 2,
            messageId: '<m@x>',
            sentAtMs: NOW + 5001,
            lastError: null,
          }),
        ]);
        expect(await claim(NOW + 100_000)).toEqual([]);
        await storage.outbox.markFailed([mail.id], { error: '550 no such user', retryAtMs: null });
        expect(await storage.outbox.listRecent(1)).toEqual([expect.objectContaining({ state: 'failed' })]);
      });
    });
  });
}
