// Owns the shape of a unit of work: one use case's reads and writes as one transaction, on any engine.

/**
 * Runs use cases as units of work. `work` receives the stores bound to one transaction: what it
 * reads there is the state its writes change, and either all of its writes are kept or none.
 * `work` must await nothing but those stores (no network, no timers): an engine may hold a
 * lock, or other units, for as long as it runs. Anything slow (a spam check, a password hash)
 * happens before the unit, and the unit checks again what it relies on. An engine may also run
 * `work` again from the start after undoing it (PostgreSQL, when the database broke a deadlock
 * by aborting it), so what `work` changes outside its stores should bear being done twice.
 * One thing outside the stores may be awaited: the vote-stuffing windows (AbuseDefences), kept
 * in memory on one node and on connections of their own on PostgreSQL, which never wait for
 * a lock a unit holds; a unit run twice counts its vote twice there, which errs on holding.
 */
export interface UnitOfWork<Stores> {
  transaction<T>(work: (tx: Stores) => Promise<T>): Promise<T>;
}
