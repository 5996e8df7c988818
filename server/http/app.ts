// Owns building the express app (no listen): middleware order, routes, static widget and demo.
import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import type { CommentService } from '../comments/comment-service';
import type { HealthStore } from '../db/storage';
import type { Logger } from '../log/logger';
import { PATHS } from '../paths';
import { errorHandler, notFound, requestLogger } from './errors';
import { healthRoutes } from './routes/health';
import { threadRoutes } from './routes/threads';

export interface AppDeps {
  comments: CommentService;
  health: HealthStore;
  logger: Logger;
  isDemoEnabled: boolean;
  trustProxy: boolean;
}

const DEMO_DIR = path.join(PATHS.root, 'server', 'http', 'demo');

export function buildApp({ comments, health, logger, isDemoEnabled, trustProxy }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);
  app.set('query parser', 'simple');
  app.use(requestLogger(logger));
  app.use((_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    next();
  });

  app.use(healthRoutes(health));
  app.use('/api', express.json({ limit: '64kb', strict: true }), threadRoutes(comments));

  app.get('/widget.js', (_req, res, next) => {
    if (!fs.existsSync(PATHS.widgetBundle)) {
      res.status(503).type('text/plain').send('The widget is not built yet: run "npm run build".');
      return;
    }
    res.set('Cache-Control', 'public, max-age=300');
    // Sites embed this from their own origin: it must be loadable cross-origin.
    res.set('Cross-Origin-Resource-Policy', 'cross-origin');
    res.sendFile(PATHS.widgetBundle, (err) => err && next(err));
  });

  if (isDemoEnabled) {
    app.get('/', (_req, res, next) => res.sendFile(path.join(DEMO_DIR, 'article.html'), (err) => err && next(err)));
    app.get('/demo/article.css', (_req, res, next) =>
      res.sendFile(path.join(DEMO_DIR, 'article.css'), (err) => err && next(err)),
    );
  }

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
