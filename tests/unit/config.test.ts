import path from 'node:path';
import { ConfigError, loadConfig } from '../../server/config';

describe('loadConfig', () => {
  it('uses documented defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv/parley');
    expect(config).toMatchObject({
      port: 8080,
      host: '',
      dbPath: path.resolve('/srv/parley', 'data/parley.db'),
      databaseUrl: null,
      logLevel: 'info',
      isAccessLogEnabled: false,
      isDemoEnabled: true,
      trustProxy: false,
      shutdownTimeoutMs: 10_000,
      writeTimeoutMs: 5_000,
      editWindowMs: 15 * 60_000,
      maxDepth: 5,
      pageSize: 20,
      allowedOrigins: null,
      minSubmitMs: 2000,
      akismet: null,
    });
    expect(config.rateLimits.post).toEqual({
      perIdentity: { count: 5, perMs: 60_000 },
      perNetwork: { count: 20, perMs: 60_000 },
    });
    expect(config.rateLimits.edit).toEqual({
      perIdentity: { count: 10, perMs: 60_000 },
      perNetwork: { count: 40, perMs: 60_000 },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        PORT: '9000',
        PARLEY_HOST: '127.0.0.1',
        PARLEY_DB_PATH: 'x/y.db',
        PARLEY_LOG_LEVEL: 'WARN',
        PARLEY_DEMO: 'off',
        PARLEY_ACCESS_LOG: 'yes',
        PARLEY_TRUST_PROXY: '1',
        PARLEY_SHUTDOWN_TIMEOUT_MS: '500',
        PARLEY_WRITE_TIMEOUT_MS: '2500',
      },
      '/srv',
    );
    expect(config).toMatchObject({
      port: 9000,
      host: '127.0.0.1',
      dbPath: '/srv/x/y.db',
      logLevel: 'warn',
      isAccessLogEnabled: true,
      isDemoEnabled: false,
      trustProxy: { hops: 1 },
      shutdownTimeoutMs: 500,
      writeTimeoutMs: 2500,
    });
  });

  it('selects PostgreSQL with a postgres:// URL, and refuses anything else there without repeating it', () => {
    const url = 'postgres://parley:secret@db.internal:5432/comments';
    expect(loadConfig({ PARLEY_DATABASE_URL: ` ${url} ` }).databaseUrl).toBe(url);
    expect(loadConfig({ PARLEY_DATABASE_URL: 'postgresql://db/comments' }).databaseUrl).toBe(
      'postgresql://db/comments',
    );
    for (const bad of ['mysql://u:hunter2@db/x', '/var/lib/parley.db', 'postgres://']) {
      let error: unknown;
      try {
        loadConfig({ PARLEY_DATABASE_URL: bad });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        'PARLEY_DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/database',
      ]);
    }
  });

  it('lists every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', PARLEY_LOG_LEVEL: 'loud', PARLEY_DEMO: 'maybe' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toHaveLength(3);
    expect((error as ConfigError).message).toMatch(/PORT must be a whole number/);
  });

  it('reads allowed origins, turns a limit off with 0, and needs a site address with an Akismet key', () => {
    const config = loadConfig({
      PARLEY_ALLOWED_ORIGINS: 'https://a.example, http://localhost:3000',
      PARLEY_VOTES_PER_MINUTE: '0',
      PARLEY_AKISMET_KEY: 'k',
      PARLEY_SITE_URL: 'https://a.example',
    });
    expect(config.allowedOrigins).toEqual(['https://a.example', 'http://localhost:3000']);
    expect(config.rateLimits.vote).toEqual({ perIdentity: null, perNetwork: null });
    expect(config.akismet).toEqual({
      key: 'k',
      url: 'https://k.rest.akismet.com/1.1/comment-check',
      siteUrl: 'https://a.example',
      timeoutMs: 1500,
    });
    expect(() => loadConfig({ PARLEY_ALLOWED_ORIGINS: 'https://a.example/path' })).toThrow(/PARLEY_ALLOWED_ORIGINS/);
    expect(() => loadConfig({ PARLEY_AKISMET_KEY: 'k' })).toThrow(/PARLEY_SITE_URL/);
  });

  it('reads the proxies to trust as hops or addresses, and refuses anything else', () => {
    expect(loadConfig({ PARLEY_TRUST_PROXY: 'true' }).trustProxy).toEqual({ hops: 1 });
    expect(loadConfig({ PARLEY_TRUST_PROXY: '2' }).trustProxy).toEqual({ hops: 2 });
    expect(loadConfig({ PARLEY_TRUST_PROXY: '127.0.0.1,10.0.0.0/8' }).trustProxy).toEqual({
      proxies: ['127.0.0.1', '10.0.0.0/8'],
    });
    expect(() => loadConfig({ PARLEY_TRUST_PROXY: 'maybe' })).toThrow(
      /PARLEY_TRUST_PROXY must be true, false, a number of hops/,
    );
  });

  it('refuses a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT must be between 0 and 65535/);
  });
});
