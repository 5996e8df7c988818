// After the suite: stops the PostgreSQL server the setup started (none when one was given from outside).
module.exports = async function globalTeardown() {
  globalThis.__parleyPostgres?.stop();
};
