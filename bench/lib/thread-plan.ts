// Owns the shape of a seeded thread, the same for Parley and the peer: who replies to whom, names, bodies, times.

export interface PlannedComment {
  index: number;
  /** Index of the comment this one answers; null for a top-level comment. */
  parentIndex: number | null;
  authorName: string;
  authorEmail: string | null;
  bodySource: string;
  createdAtMs: number;
}

export interface ThreadPlanSpec {
  comments: number;
  /** Exact number of top-level comments; about a fifth when not given. */
  topLevel?: number;
  /** Replies join one of this many most recent conversations (top-level comments), as readers do. */
  openConversations?: number;
  firstAtMs?: number;
  spacingMs?: number;
  seed?: number;
}

/** mulberry32: tiny, seedable, good enough to spread replies and pick words. */
export function randomGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_NAMES = [
  'Ada',
  'Bram',
  'Cleo',
  'Dario',
  'Edda',
  'Femi',
  'Greta',
  'Hugo',
  'Ines',
  'Jonas',
  'Kaia',
  'Lior',
  'Mara',
  'Nils',
  'Odile',
  'Pavel',
  'Quinn',
  'Rosa',
  'Soren',
  'Tamsin',
  'Ugo',
  'Vera',
  'Wren',
  'Xavi',
  'Yara',
  'Zeno',
  'Amara',
  'Bastian',
  'Carys',
  'Dmitri',
  'Elif',
  'Finn',
  'Gaia',
  'Hallam',
  'Isolde',
  'Jude',
  'Kenji',
  'Lotte',
  'Mateo',
  'Nadia',
];
const LAST_NAMES = [
  'Okafor',
  'Ellison',
  'Varga',
  'Lindqvist',
  'Moreau',
  'Achebe',
  'Sato',
  'Brennan',
  'Kowalski',
  'Haddad',
  'Ferreira',
  'Nakamura',
  'Oyelaran',
  'Duarte',
  'Fitzgerald',
  'Novak',
  'Rahman',
  'Castillo',
  'Whitlock',
  'Abara',
  'Petrov',
  'Quayle',
  'Ibsen',
  'Marsh',
  'Tanaka',
  'Delacroix',
  'Mbeki',
  'Sorensen',
  'Gallo',
  'Hughes',
  'Iyer',
  'Jansen',
  'Keane',
  'Laurent',
  'Mwangi',
  'Nieminen',
  'Olsen',
  'Pereira',
  'Rossi',
  'Strand',
];
const WORDS = (
  'the harbour lights quay lamp posts council volunteers cabling junction box heritage grant foundry upriver ' +
  'fishing skippers coastguard beam orange glow sodium warmer evening tide town crowd watched restoration ' +
  'spreadsheet paperwork weekend welders electricians retired patient master salvageable forty nineteen ' +
  'remember winter ferry boats nets market square church bells rain pier gulls fog signal channel buoys ' +
  'honestly think agree disagree maybe perhaps really lovely brilliant worried cost budget future children ' +
  'grandfather used to walk along there every night before the lamps went dark and it felt like home again'
).split(' ');

function authorNameOf(index: number): string {
  const first = FIRST_NAMES[index % FIRST_NAMES.length];
  const last = LAST_NAMES[Math.floor(index / FIRST_NAMES.length) % LAST_NAMES.length];
  const cycle = Math.floor(index / (FIRST_NAMES.length * LAST_NAMES.length));
  // Every comment gets a name of its own, so nothing downstream is flattered by repeats.
  return cycle === 0 ? `${first} ${last}` : `${first} ${last} ${cycle + 1}`;
}

/** About 300 bytes of text, sometimes in two paragraphs, sometimes with a little emphasis. */
export function bodyOf(random: () => number, targetBytes = 300): string {
  const words: string[] = [];
  let length = 0;
  while (length < targetBytes - 8) {
    const word = WORDS[Math.floor(random() * WORDS.length)];
    words.push(word);
    length += word.length + 1;
  }
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  if (random() < 0.2) {
    const at = 1 + Math.floor(random() * (words.length - 2));
    words[at] = `<em>${words[at]}</em>`;
  }
  if (random() < 0.35) {
    const split = Math.floor(words.length / 2);
    return `${words.slice(0, split).join(' ')}.\n\n${words.slice(split).join(' ')}.`;
  }
  return `${words.join(' ')}.`;
}

/** Chooses exactly `count` of 1..n-1 (the first comment is always top-level). */
function topLevelSet(random: () => number, comments: number, count: number): Set<number> {
  const chosen = new Set<number>([0]);
  const pool = Array.from({ length: Math.max(0, comments - 1) }, (_, i) => i + 1);
  for (let i = 0; i < Math.min(count - 1, pool.length); i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
    chosen.add(pool[i]);
  }
  return chosen;
}

/**
 * Plans a thread: top-level comments spread through time; each reply joins one of the few
 * most recent conversations and answers a random comment in it. (Answering any earlier
 * comment at random would pile most replies under the first few, and a first page would
 * then hold a large share of the whole thread.)
 */
export function planThread(spec: ThreadPlanSpec): PlannedComment[] {
  const random = randomGenerator(spec.seed ?? 20_261_129);
  const topLevel = spec.topLevel ?? Math.max(1, Math.round(spec.comments * 0.2));
  const openConversations = spec.openConversations ?? 10;
  const firstAtMs = spec.firstAtMs ?? Date.UTC(2026, 10, 1, 8);
  const spacingMs = spec.spacingMs ?? 30_000;
  const roots = topLevelSet(random, spec.comments, topLevel);
  // Members (plan indexes) of each conversation still open, newest conversation last.
  const open: number[][] = [];
  const plan: PlannedComment[] = [];
  for (let index = 0; index < spec.comments; index++) {
    let parentIndex: number | null = null;
    if (roots.has(index)) {
      open.push([index]);
      if (open.length > openConversations) open.shift();
    } else {
      const conversation = open[Math.floor(random() * open.length)];
      parentIndex = conversation[Math.floor(random() * conversation.length)];
      conversation.push(index);
    }
    plan.push({
      index,
      parentIndex,
      authorName: authorNameOf(index),
      authorEmail: random() < 0.3 ? `reader${index}@example.com` : null,
      bodySource: bodyOf(random),
      createdAtMs: firstAtMs + index * spacingMs,
    });
  }
  return plan;
}

/** Which top-level comments get each of `votes` up-votes (as plan indexes); a few collect most. */
export function planVotes(plan: readonly PlannedComment[], votes: number, seed = 20_261_130): number[] {
  const random = randomGenerator(seed);
  const topLevel = plan.filter((c) => c.parentIndex === null).map((c) => c.index);
  if (topLevel.length === 0) return [];
  // Shuffled first, so the favourites are anywhere in the thread, not only among the oldest.
  for (let i = topLevel.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [topLevel[i], topLevel[j]] = [topLevel[j], topLevel[i]];
  }
  // Cubing the draw piles votes on a few comments, as readers do.
  return Array.from({ length: votes }, () => topLevel[Math.floor(random() ** 3 * topLevel.length)]);
}
