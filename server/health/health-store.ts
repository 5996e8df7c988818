// Owns the storage contract of the health check: what any engine must say about itself.

export interface HealthStore {
  /** Schema version; rejects when the database does not answer. */
  schemaVersion(): Promise<number>;
  /** Size of the engine's write-ahead log on disk, in bytes (0 for an engine without one). */
  walBytes(): Promise<number>;
}
