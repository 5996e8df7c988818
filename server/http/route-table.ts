// Owns the route table: every HTTP endpoint of the API, each declared once, and the areas of the address space the pipeline answers.
import type { Clock } from '../clock';
import type { DomainEvents } from '../domain-events';
import type { HealthCheck } from '../health/health-check';
import type { AdminService } from '../moderation/admin-service';
import type { ReportService } from '../moderation/report-service';
import type { ThreadReader } from '../reading/thread-reader';
import type { CommentService } from '../comments/comment-service';
import type { VoteService } from '../votes/vote-service';
import type { ReactionService } from '../reactions/reaction-service';
import type { SubscriptionService } from '../notifications/subscription-service';
import type { Area } from './pipeline';
import type { Route } from './route';
import { adminRoutes } from './routes/admin';
import { commentRoutes } from './routes/comments';
import { countRoutes } from './routes/counts';
import { healthRoutes } from './routes/health';
import { subscriptionRoutes } from './routes/subscriptions';
import { threadRoutes } from './routes/threads';

/** The reader API, which other sites' pages call; the dashboard's API, which only Parley's own page calls; the health check. */
export const AREAS: readonly Area[] = [
  { prefix: '/api', origins: 'cors', headers: {}, unmatched: 'not-found' },
  // Moderators' answers are never kept by a cache, errors included.
  { prefix: '/admin/api', origins: 'own-writes', headers: { 'Cache-Control': 'no-store' }, unmatched: 'moderator' },
  { prefix: '/healthz', origins: 'any', headers: {}, unmatched: 'not-found' },
  // Pages a mail link opens; each link carries its own signed token, so no origin check is needed.
  { prefix: '/subscriptions', origins: 'any', headers: {}, unmatched: 'not-found' },
];

export interface RouteTableDeps {
  reader: ThreadReader;
  comments: CommentService;
  votes: VoteService;
  reactions: ReactionService;
  reports: ReportService;
  subscriptions: SubscriptionService;
  events: DomainEvents;
  health: HealthCheck;
  /** The moderators' use cases. */
  admin: AdminService;
  clock: Clock;
  /** Live count streams one network may hold at once; null: no cap. */
  countStreamsPerNetwork: number | null;
}

/** Every endpoint the pipeline answers. */
export function buildRouteTable(deps: RouteTableDeps): Route[] {
  return [
    ...threadRoutes(deps),
    ...commentRoutes(deps),
    ...subscriptionRoutes(deps),
    ...countRoutes({ reader: deps.reader, events: deps.events, streamsPerNetwork: deps.countStreamsPerNetwork }),
    ...healthRoutes(deps),
    ...adminRoutes(deps),
  ];
}
