// Owns the SQL of shared rate limits: one row per token bucket, locked while a request spends.
import type { Bucket, BucketCheck } from '../../abuse/rate-limiter';
import { fullAtMs } from '../../abuse/rate-limiter';
import type { BucketDecision, LimitStore } from '../../abuse/shared-rate-limiter';
import type { PgPool } from './pool';

/** Full buckets are swept after about this many spends (each node sweeps its share). */
const SWEEP_EVERY = 500;

export function createPostgresLimitStore(pool: PgPool): LimitStore {
  let spendsSinceSweep = 0;

  async function sweep(nowMs: number): Promise<void> {
    await pool.query('DELETE FROM rate_buckets WHERE full_at_ms <= $1', [nowMs]);
  }

  return {
    async updateBuckets(checks: BucketCheck[], nowMs: number, decide: BucketDecision): Promise<void> {
      const keys = checks.map((c) => c.key);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // A bucket not there yet is made full first, so that every node locks the same row;
        // in key order, so two requests locking the same two buckets cannot deadlock.
        await client.query(
          `INSERT INTO rate_buckets (key, tokens, updated_ms, full_at_ms)
           SELECT key, count, $2, $2 FROM unnest($1::text[], $3::double precision[]) AS b(key, count)
           ORDER BY key
           ON CONFLICT (key) DO NOTHING`,
          [keys, nowMs, checks.map((c) => c.allowance.count)],
        );
        const { rows } = await client.query<{ key: string; tokens: number; updated_ms: string }>(
          'SELECT key, tokens, updated_ms FROM rate_buckets WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE',
          [keys],
        );
        const byKey = new Map<string, Bucket>(
          rows.map((r) => [r.key, { tokens: Number(r.tokens), updatedMs: Number(r.updated_ms) }]),
        );
        const next = decide(keys.map((key) => byKey.get(key)));
        if (next === null) {
          // A refusal writes nothing: buckets made for it go again with the rollback.
          await client.query('ROLLBACK');
          return;
        }
        await client.query(
          `UPDATE rate_buckets AS r SET tokens = b.tokens, updated_ms = b.updated_ms, full_at_ms = b.full_at_ms
           FROM unnest($1::text[], $2::double precision[], $3::bigint[], $4::bigint[])
             AS b(key, tokens, updated_ms, full_at_ms)
           WHERE r.key = b.key`,
          [
            keys,
            next.map((b) => b.tokens),
            next.map((b) => b.updatedMs),
            next.map((b, i) => fullAtMs(b.tokens, checks[i].allowance, b.updatedMs)),
          ],
        );
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
      spendsSinceSweep += 1;
      if (spendsSinceSweep >= SWEEP_EVERY) {
        spendsSinceSweep = 0;
        await sweep(nowMs);
      }
    },
  };
}
