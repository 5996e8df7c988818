// The storage contract as any engine must keep it: every store, units of work (all or nothing,
// invisible until committed), and the use cases that depend on them under concurrency. Each
// engine's test file runs this suite against a fresh database of its own.
import { createHash } from 'node:crypto';
import { CommentVoteBursts } from '../../server/abuse/comment-vote-bursts';
import { NewVoterBursts } from '../../server/abuse/new-voter-bursts';
import { RateLimiter, type RateLimits } from '../../server/abuse/rate-limiter';
import type { AbuseDefences } from '../../server/abuse/abuse-defences';
import type { Comment, NewComment } from '../../server/comments/comment';
import { addComment, changeStatus } from '../../server/comments/comment-changes';
import { createCommentService } from '../../server/comments/comment-service';
import type { Storage, Stores } from '../../server/db/storage';
import { DomainEvents } from '../../server/domain-events';
import type { Actor } from '../../server/identity/actor';
import { createModerationService } from '../../server/moderation/moderation-service';
import { createSettingsService } from '../../server/policy/settings-service';
import type { Thread } from '../../server/threads/thread';
import { createVoteService } from '../../server/votes/vote-service';

export interface EngineUnderTest {
  storage: Storage;
  /** Closes the storage and removes the database. */
  dispose(): Promise<void>;
}

const OFF = { perIdentity: null, perNetwork: null };
const NO_LIMITS: RateLimits = { post: OFF, edit: OFF, vote: OFF, report: OFF, login: OFF, thread: OFF, preview: OFF };
const NOW = 1_800_000_000_000;

function abuseOff(): AbuseDefences {
  return {
    limiter: new RateLimiter(NO_LIMITS, () => NOW),
    newVoters: new NewVoterBursts(600_000),
    commentVotes: new CommentVoteBursts(86_400_000),
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
      const rules = { editWindowMs: 15 * 60_000, maxDepth: 5, pageSize: 20 };
      return {
        events,
        comments: createCommentService({ storage, events, clock, rules, moderationSettings, abuse: abuseOff() }),
        votes: createVoteService({ storage, events, clock, abuse: abuseOff() }),
        moderation: createModerationService({ storage, events, clock, moderationSettings }),
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
        // The log refuses its entry: the unit of work must keep nothing of the change it records.
        const failingLog: typeof storage = Object.create(storage, {
          transaction: {
            value: <T>(work: (tx: Stores) => Promise<T>) =>
              storage.transaction((tx) =>
                work({ ...tx, audit: { ...tx.audit, addEntry: () => Promise.reject(new Error('log refused')) } }),
              ),
          },
        });
        const moderation = createModerationService({ storage: failingLog, events, clock, moderationSettings });
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

        const working = createModerationService({ storage, events, clock, moderationSettings });
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
        };
        const [a, b] = await Promise.all([
          comments.postComment(input, actor(1)),
          comments.postComment(input, actor(1)),
        ]);
        expect(a.id).toBe(b.id);
        expect((await storage.threads.findThreadById(thread.id))!.commentCount).toBe(1);
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
  });
}
