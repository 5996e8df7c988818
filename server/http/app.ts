// Owns building the express app (no listen) for what the route table does not declare: the widget's scripts, the demo and the dashboard's page, and not-found answers.
import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import type { ClientResolver } from '../identity/client-address';
import type { Logger } from '../log/logger';
import { PATHS } from '../paths';
import type { AccessLog } from './access-log';
import { createAssetSender } from './assets';
import { errorHandler, notFound, requestLogger } from './errors';
import { HSTS, SECURITY_HEADERS } from './headers';

export interface AppDeps {
  logger: Logger;
  accessLog: AccessLog;
  isDemoEnabled: boolean;
  clients: ClientResolver;
}

const HTTP_DIR = path.join(PATHS.root, 'server', 'http');
const DEMO_DIR = path.join(HTTP_DIR, 'demo');
const ADMIN_DIR = path.join(HTTP_DIR, 'admin');

/** Pages Parley serves itself run only its own scripts and styles. */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

function sendFile(file: string, headers: Record<string, string> = {}): RequestHandler {
  return (_req, res, next) => {
    if (!fs.existsSync(file)) {
      res.status(503).type('text/plain').send('Parley is not built yet: run "npm run build".');
      return;
    }
    res.set(headers);
    res.sendFile(file, (err) => err && next(err));
  };
}

export function buildApp(deps: AppDeps): Express {
  const { logger, accessLog, isDemoEnabled, clients } = deps;
  const app = express();
  app.disable('x-powered-by');
  // Hashing every JSON answer for an ETag costs more than it saves: the widget does not revalidate.
  app.set('etag', false);
  // Express's own reading of X-Forwarded-* is off; req.ip, req.protocol and req.secure come from
  // the one resolver every transport uses, so no route can see a different client than the rest.
  app.set('trust proxy', false);
  Object.defineProperties(app.request, {
    ip: {
      configurable: true,
      get(this: express.Request) {
        return clients.addressOf(this);
      },
    },
    protocol: {
      configurable: true,
      get(this: express.Request) {
        return clients.isHttps(this) ? 'https' : 'http';
      },
    },
  });
  app.set('query parser', 'simple');
  app.use(requestLogger(accessLog));
  app.use((req, res, next) => {
    res.set(SECURITY_HEADERS);
    if (req.secure) res.set(HSTS.name, HSTS.value);
    next();
  });

  const assets = createAssetSender();
  // Sites embed this from their own origin: it must be loadable cross-origin.
  const embeddable = { 'Cache-Control': 'public, max-age=300', 'Cross-Origin-Resource-Policy': 'cross-origin' };
  app.get('/widget.js', assets.send(PATHS.widgetBundle, embeddable));
  app.get('/counts.js', assets.send(PATHS.countsBundle, embeddable));
  // Parts of the widget it loads after its first render (ES modules: cross-origin imports need CORS).
  app.get(
    '/modules/:name',
    assets.sendFolder(PATHS.widgetModules, { ...embeddable, 'Access-Control-Allow-Origin': '*' }),
  );

  // Browsers ask every page's origin for /favicon.ico, whatever the page links: the dashboard's
  // and the demo's as much as a site owner's own probe of the server.
  const icon = { 'Cache-Control': 'public, max-age=86400' };
  app.get('/favicon.svg', sendFile(path.join(HTTP_DIR, 'favicon.svg'), icon));
  app.get('/favicon.ico', sendFile(path.join(HTTP_DIR, 'favicon.ico'), icon));

  const dashboardHeaders = {
    'Content-Security-Policy': `${PAGE_CSP}; frame-ancestors 'none'`,
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-store',
  };
  app.get('/admin', sendFile(path.join(ADMIN_DIR, 'index.html'), dashboardHeaders));
  app.get('/admin/dashboard.js', assets.send(PATHS.adminBundle, dashboardHeaders));
  app.get('/admin/dashboard.css', sendFile(path.join(ADMIN_DIR, 'dashboard.css'), dashboardHeaders));

  if (isDemoEnabled) {
    const demoHeaders = { 'Content-Security-Policy': PAGE_CSP };
    app.get('/', sendFile(path.join(DEMO_DIR, 'article.html'), demoHeaders));
    app.get('/demo/article.css', sendFile(path.join(DEMO_DIR, 'article.css'), demoHeaders));
    app.get('/demo/listing', sendFile(path.join(DEMO_DIR, 'listing.html'), demoHeaders));
    app.get('/demo/spa', sendFile(path.join(DEMO_DIR, 'spa.html'), demoHeaders));
    app.get('/demo/spa.js', sendFile(path.join(DEMO_DIR, 'spa.js'), demoHeaders));
  }

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
