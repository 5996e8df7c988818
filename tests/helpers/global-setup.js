// Before the suite: builds the server, the widget and the dashboard once, so browser tests load
// today's bundles, and starts a throwaway PostgreSQL server for the tests of that engine.
/** Unit tests never touch PostgreSQL: a run of only those (npm run test:unit) need not wait for one. */
function isUnitOnly(globalConfig) {
  const patterns = globalConfig?.testPathPatterns?.patterns ?? [];
  return patterns.length > 0 && patterns.every((p) => /^(\.\/)?tests\/unit(\/|$)/.test(p));
}

module.exports = async function globalSetup(globalConfig) {
  const { buildAdmin, buildCounts, buildServer, buildWidget } = await import('../../scripts/build.mjs');
  await Promise.all([buildServer(), buildWidget(), buildCounts(), buildAdmin()]);
  // A server given from outside (a developer's own) is used as it is; otherwise one is made
  // for this run and removed after it. No test skips because it is missing: starting fails loudly.
  if (
    !isUnitOnly(globalConfig) &&
    (process.env.PARLEY_TEST_DATABASE_URL === undefined || process.env.PARLEY_TEST_DATABASE_URL === '')
  ) {
    const { startPostgres } = await import('../../scripts/postgres.mjs');
    const server = await startPostgres();
    process.env.PARLEY_TEST_DATABASE_URL = server.url;
    globalThis.__parleyPostgres = server;
    // If the run is cut short (Ctrl+C, a crash), the cluster must not outlive it.
    process.once('exit', () => server.stop());
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.once(signal, () => {
        server.stop();
        process.exit(130);
      });
    }
  }
};
