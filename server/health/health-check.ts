// Owns the health check a load balancer or supervisor polls: whether the database answers reads, and what an operator watches.
import type { EngineName, HealthStore } from './health-store';

export interface Health {
  engine: EngineName;
  schemaVersion: number;
  walBytes: number;
  /**
   * Nodes of the site that said they were alive lately, this one included: 1 on SQLite. A node
   * that counts fewer than are running has lost its link to the others.
   */
  nodes: number;
}

export type HealthCheck = ReturnType<typeof createHealthCheck>;

export interface HealthDeps {
  storage: { health: HealthStore };
  /** Counts the nodes linked through the database; null for one process on its own. */
  countNodes: (() => Promise<number>) | null;
}

export function createHealthCheck({ storage, countNodes }: HealthDeps) {
  return {
    /** The database's state, or null when it does not answer (writes refused for a lock or a full disk still read). */
    async check(): Promise<Health | null> {
      try {
        const schemaVersion = await storage.health.schemaVersion();
        return {
          engine: storage.health.engine,
          schemaVersion,
          walBytes: await storage.health.walBytes(),
          nodes: countNodes === null ? 1 : await countNodes(),
        };
      } catch {
        return null;
      }
    },
  };
}
