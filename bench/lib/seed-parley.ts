// Owns seeding Parley databases through the storage contract, before any server opens the file.
import { createHash } from 'node:crypto';
import type { Comment } from '../../server/comments/comment';
import { addComment } from '../../server/comments/comment-changes';
import { placeComment } from '../../server/comments/comment-rules';
import { loadConfig } from '../../server/config';
import { openDatabase } from '../../server/db/sqlite/connection';
import { migrate } from '../../server/db/sqlite/migrate';
import { readMigrations } from '../../server/db/migrations';
import { createSqliteStorage } from '../../server/db/sqlite/sqlite-storage';
import type { Storage } from '../../server/db/storage';
import { PATHS } from '../../server/paths';
import { renderMarkdownBody } from '../../server/text/markdown';
import { note } from './progress';
import { planThread, planVotes, type ThreadPlanSpec } from './thread-plan';

export interface SeedSpec extends ThreadPlanSpec {
  pageId: string;
  title?: string;
  url?: string;
  /** Up-votes spread over top-level comments, so "top" differs from "newest". */
  votes?: number;
}

export interface SeededThread {
  threadId: number;
  pageId: string;
  commentIds: number[];
  topLevelIds: number[];
  seedMs: number;
}

function keyOf(label: string): string {
  return createHash('sha256').update(label).digest('hex');
}

async function seedThread(storage: Storage, spec: SeedSpec, maxDepth: number): Promise<SeededThread> {
  const startedMs = performance.now();
  const plan = planThread(spec);
  const thread = await storage.threads.ensureThread({
    pageId: spec.pageId,
    url: spec.url ?? null,
    title: spec.title ?? null,
    createdAtMs: plan[0]?.createdAtMs ?? Date.now(),
  });
  const stored: Comment[] = [];
  const topLevelIds: number[] = [];
  const progressEvery = 20_000;
  for (const planned of plan) {
    const parent = planned.parentIndex === null ? null : stored[planned.parentIndex];
    // The product's own rule decides where a reply lands (depth limit included).
    const placement = placeComment(thread.id, parent?.id ?? null, parent, maxDepth);
    const { comment } = await storage.transaction((tx) =>
      addComment(tx, {
        threadId: thread.id,
        ...placement,
        authorName: planned.authorName,
        authorEmail: planned.authorEmail,
        authorKey: keyOf(`author-${planned.index}`),
        bodySource: planned.bodySource,
        bodyFormat: 'markdown',
        bodyHtml: renderMarkdownBody(planned.bodySource),
        createdAtMs: planned.createdAtMs,
        ipHash: null,
        status: 'published',
        heldReason: null,
        clientId: null,
      }),
    );
    stored.push(comment);
    if (comment.parentId === null) topLevelIds.push(comment.id);
    if (planned.index > 0 && planned.index % progressEvery === 0) {
      note(
        `  seeded ${planned.index.toLocaleString('en-US')} of ${plan.length.toLocaleString('en-US')} comments of ${spec.pageId}`,
      );
    }
  }
  const lastMs = plan[plan.length - 1]?.createdAtMs ?? Date.now();
  const votes = planVotes(plan, spec.votes ?? 0);
  for (let v = 0; v < votes.length; v++) {
    const commentId = stored[votes[v]].id;
    // Seeded voters are distinct from every author, every seeded comment is published, and
    // no seeded vote is held back.
    await storage.transaction(async (tx) => {
      await tx.votes.saveVote({
        commentId,
        voterKey: keyOf(`voter-${v}`),
        value: 1,
        atMs: lastMs + v,
        ipHash: null,
        isFlagged: false,
      });
      await tx.comments.addVoteTally(commentId, { up: 1, down: 0, flagged: 0 }, await tx.comments.nextChangeSeq());
    });
  }
  return {
    threadId: thread.id,
    pageId: spec.pageId,
    commentIds: stored.map((c) => c.id),
    topLevelIds,
    seedMs: performance.now() - startedMs,
  };
}

/** Creates (or extends) the database at `dbPath` with the given threads; closes it again. */
export async function seedParley(dbPath: string, specs: readonly SeedSpec[]): Promise<SeededThread[]> {
  const db = openDatabase(dbPath);
  let storage: Storage;
  try {
    // The repositories prepare their statements at once: the schema must be there first.
    migrate(db, readMigrations(PATHS.migrations));
    storage = createSqliteStorage(db);
  } catch (err) {
    db.close();
    throw err;
  }
  try {
    // Seeded replies obey the same depth limit a default server applies.
    const { maxDepth } = loadConfig({});
    const seeded: SeededThread[] = [];
    for (const spec of specs) seeded.push(await seedThread(storage, spec, maxDepth));
    return seeded;
  } finally {
    await storage.close();
  }
}
