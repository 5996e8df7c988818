// Owns express's error and not-found answers (what the route table does not declare), in the one error shape, and its access-log step.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, toWireError } from '../errors';
import { describeError, type Logger } from '../log/logger';
import type { AccessLog } from './access-log';
import { retryAfterOf } from './headers';

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const { status, error, isInternal } = toWireError(err);
    if (isInternal) logger.error('request failed', { method: req.method, path: req.path, ...describeError(err) });
    if (res.headersSent) {
      res.end();
      return;
    }
    const retryAfter = retryAfterOf(status, error);
    if (retryAfter !== null) res.set('Retry-After', retryAfter);
    res.status(status).json({ error });
  };
}

export const notFound: RequestHandler = (_req, _res, next) => {
  next(new AppError('NOT_FOUND', { publicMessage: 'There is nothing at this address.' }));
};

/** The access log's step on the express side: the same line as the pipeline's, written when the answer is finished. */
export function requestLogger(accessLog: AccessLog): RequestHandler {
  if (!accessLog.isOn) return (_req, _res, next) => next();
  return (req, res, next) => {
    const started = accessLog.started();
    res.on('finish', () => accessLog.write(req.method, req.originalUrl.split('?')[0], res.statusCode, started));
    next();
  };
}
