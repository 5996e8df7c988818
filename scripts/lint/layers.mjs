// Owns the layering rule: which part of the project may import which, so the layout stays true.
// Every server folder has a place in LAYERS, lowest first; a file may import its own folder and
// folders placed below it, never above, so folder-level import cycles cannot form. On top of the
// order, a few places are closed: only the composition root reaches the engines and the storage
// contract as a whole, services import no transport library, and the widget and the dashboard
// take only types from the server's protocol.
import path from 'node:path';

/** Server folders (and top-level files, without `.ts`), lowest first. */
export const LAYERS = [
  // Base: no project imports beyond this group's lower entries.
  'server/errors',
  'server/clock',
  'server/events',
  'server/paths',
  'server/unit-of-work',
  'server/log',
  'server/protocol',
  'server/text',
  'server/validation',
  // Domain folders: rules, input parsing, services and their store interfaces.
  'server/abuse',
  'server/accounts',
  'server/identity',
  'server/config',
  'server/bans',
  'server/policy',
  'server/threads',
  // Subscriptions and their mail: queued by the comment changes above it, in their unit of work.
  'server/notifications',
  'server/comments',
  'server/votes',
  'server/reactions',
  'server/moderation',
  'server/reading',
  'server/health',
  'server/domain-events',
  // The storage contract as a whole, and the engines that implement it.
  'server/db/migrations',
  'server/db/storage',
  'server/db/escape-like',
  'server/db/sqlite',
  'server/db/postgres',
  'server/db/open-storage',
  'server/db/copy',
  // Transport.
  'server/http',
  'server/realtime',
  // Composition roots.
  'server/main',
  'server/cli-admin',
  'server/cli',
];

/** Folders only a composition root may import. */
const ROOT_ONLY = new Set([
  'server/db/storage',
  'server/db/sqlite',
  'server/db/postgres',
  'server/db/migrations',
  'server/db/open-storage',
  'server/db/copy',
]);
const ROOTS = new Set(['server/main', 'server/cli-admin', 'server/cli']);

/** Packages that belong to one place each. */
const PACKAGE_OWNERS = [
  { pattern: /^express(\/|$)/, owners: ['server/http'] },
  { pattern: /^@socket\.io\/postgres-adapter$/, owners: ['server/db/postgres'] },
  { pattern: /^socket\.io(\/|$)|^@socket\.io\//, owners: ['server/realtime', 'server/main'] },
  { pattern: /^better-sqlite3$/, owners: ['server/db/sqlite'] },
  { pattern: /^pg(\/|$)/, owners: ['server/db/postgres'] },
];

/** The layering place of a file: `server/<folder>`, `server/db/<engine>`, `client`, `client/admin` or null. */
export function placeOf(file, root) {
  const parts = path.relative(root, file).split(path.sep);
  if (parts[0] === 'client') return parts[1] === 'admin' ? 'client/admin' : 'client';
  if (parts[0] !== 'server' || parts.length < 2) return null;
  const strip = (name) => name.replace(/\.ts$/, '');
  if (parts[1] === 'db' && parts.length >= 3) return `server/db/${strip(parts[2])}`;
  return `server/${strip(parts[1])}`;
}

function isTypeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

/** Why importing `target` (a place or a package) from `from` breaks the layering, or null. */
export function layeringProblem({ from, target, packageName, typeOnly }) {
  if (from === null) return null;
  if (from === 'client' || from === 'client/admin') {
    if (target === null) return null;
    if (target === 'server/protocol') {
      return typeOnly ? null : 'the widget and the dashboard take only types from server/protocol (use "import type")';
    }
    if (target.startsWith('server/'))
      return `the widget and the dashboard import nothing from ${target}, only types from server/protocol`;
    if (from === 'client' && target === 'client/admin') return 'the widget does not import the dashboard';
    return null;
  }
  if (packageName !== undefined) {
    const owned = PACKAGE_OWNERS.find((p) => p.pattern.test(packageName));
    if (owned !== undefined && !owned.owners.includes(from)) {
      return `${packageName} belongs to ${owned.owners.join(' and ')}; ${from} reaches it through the layers`;
    }
    return null;
  }
  if (target === null || target === from) return null;
  if (target.startsWith('client'))
    return `the server does not import the ${target === 'client' ? 'widget' : 'dashboard'}`;
  const fromRank = LAYERS.indexOf(from);
  const targetRank = LAYERS.indexOf(target);
  if (fromRank === -1) return `${from} has no place in the layering table (scripts/lint/layers.mjs): add it`;
  if (targetRank === -1) return `${target} has no place in the layering table (scripts/lint/layers.mjs): add it`;
  if (ROOT_ONLY.has(target) && !ROOTS.has(from) && !ROOT_ONLY.has(from)) {
    return `only the composition roots (server/main.ts, the CLI) import ${target}; ${from} reaches storage through services`;
  }
  if (targetRank > fromRank) return `${from} may not import ${target}, which sits above it in the layering table`;
  return null;
}

export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the layering table: no upward imports, no folder cycles, closed places.' },
    schema: [],
    messages: { layering: '{{problem}}' },
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const from = placeOf(file, root);
    if (from === null) return {};
    function check(node, source, typeOnly) {
      if (typeof source !== 'string') return;
      let target = null;
      let packageName;
      if (source.startsWith('.')) target = placeOf(path.resolve(path.dirname(file), source), root);
      else if (!source.startsWith('node:')) packageName = source;
      const problem = layeringProblem({ from, target, packageName, typeOnly });
      if (problem !== null) context.report({ node, messageId: 'layering', data: { problem } });
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value, isTypeOnly(node)),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value, isTypeOnly(node)),
      ExportAllDeclaration: (node) => check(node, node.source.value, node.exportKind === 'type'),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value, false),
    };
  },
};

export const layersPlugin = { rules: { layers: layersRule } };
