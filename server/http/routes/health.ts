// Owns the health endpoint a load balancer or supervisor polls.
import type { HealthCheck } from '../../health/health-check';
import { Reply, route, type Route } from '../route';

const UNAVAILABLE = {
  status: 'unavailable',
  error: { code: 'SERVICE_UNAVAILABLE', message: 'The database is not answering.' },
} as const;

export function healthRoutes({ health }: { health: HealthCheck }): Route[] {
  return [
    route({
      method: 'GET',
      path: '/healthz',
      body: 'none',
      identity: 'none',
      status: 200,
      answer: 'json',
      headers: { 'Cache-Control': 'no-store' },
      parse: () => undefined,
      handle: async () => {
        const state = await health.check();
        if (state === null) return new Reply(503, UNAVAILABLE, [['Retry-After', '5']]);
        return { status: 'ok' as const, ...state };
      },
    }),
  ];
}
