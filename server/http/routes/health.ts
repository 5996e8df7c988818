// Owns the health check a load balancer or supervisor polls.
import { Router } from 'express';
import type { HealthStore } from '../../db/storage';

export function healthRoutes(health: HealthStore): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    try {
      const schemaVersion = await health.schemaVersion();
      res.set('Cache-Control', 'no-store').json({ status: 'ok', schemaVersion, walBytes: await health.walBytes() });
    } catch {
      res.status(503).set({ 'Cache-Control': 'no-store', 'Retry-After': '5' }).json({
        status: 'unavailable',
        error: { code: 'SERVICE_UNAVAILABLE', message: 'The database is not answering.' },
      });
    }
  });
  return router;
}
