// Owns the health check a load balancer or supervisor polls: whether the database answers reads, and what an operator watches.
import type { EngineName, HealthStore } from './health-store';

export interface Health {
  engine: EngineName;
  schemaVersion: number;
  walBytes: number;
}

export type HealthCheck = ReturnType<typeof createHealthCheck>;

export function createHealthCheck({ storage }: { storage: { health: HealthStore } }) {
  return {
    /** The database's state, or null when it does not answer (writes refused for a lock or a full disk still read). */
    async check(): Promise<Health | null> {
      try {
        const schemaVersion = await storage.health.schemaVersion();
        return { engine: storage.health.engine, schemaVersion, walBytes: await storage.health.walBytes() };
      } catch {
        return null;
      }
    },
  };
}
