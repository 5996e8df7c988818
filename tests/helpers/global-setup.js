// Builds the server and widget once before the suite so browser tests load today's bundle.
module.exports = async function globalSetup() {
  const { buildServer, buildWidget } = await import('../../scripts/build.mjs');
  await Promise.all([buildServer(), buildWidget()]);
};
