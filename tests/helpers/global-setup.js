// Builds the server, the widget and the dashboard once before the suite so browser tests load today's bundles.
module.exports = async function globalSetup() {
  const { buildAdmin, buildCounts, buildServer, buildWidget } = await import('../../scripts/build.mjs');
  await Promise.all([buildServer(), buildWidget(), buildCounts(), buildAdmin()]);
};
