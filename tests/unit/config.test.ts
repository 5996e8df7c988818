import path from 'node:path';
import { ConfigError, loadConfig } from '../../server/config';

describe('loadConfig', () => {
  it('uses documented defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv/parley');
    expect(config).toEqual({
      port: 8080,
      host: '',
      dbPath: path.resolve('/srv/parley', 'data/parley.db'),
      logLevel: 'info',
      isDemoEnabled: true,
      trustProxy: false,
      shutdownTimeoutMs: 10_000,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig(
      { PORT: '9000', PARLEY_HOST: '127.0.0.1', PARLEY_DB_PATH: 'x/y.db', PARLEY_LOG_LEVEL: 'WARN', PARLEY_DEMO: 'off', PARLEY_TRUST_PROXY: '1', PARLEY_SHUTDOWN_TIMEOUT_MS: '500' },
      '/srv',
    );
    expect(config).toMatchObject({ port: 9000, host: '127.0.0.1', dbPath: '/srv/x/y.db', logLevel: 'warn', isDemoEnabled: false, trustProxy: true, shutdownTimeoutMs: 500 });
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

  it('refuses a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT must be between 0 and 65535/);
  });
});
