// Owns the storage contract of the health check: what any engine must say about itself.

export type EngineName = 'sqlite' | 'postgres';

export interface HealthStore {
  /** Which engine stores the data. */
  readonly engine: EngineName;
  /** Schema version; rejects when the database does not answer. */
  schemaVersion(): Promise<number>;
  /**
   * Size of the engine's write-ahead log on disk, in bytes: SQLite's file beside the database.
   * 0 for PostgreSQL, whose log is the server's (shared by all its databases) and watched there.
   */
  walBytes(): Promise<number>;
}
