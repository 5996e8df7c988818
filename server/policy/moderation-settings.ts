// Owns the site's moderation settings: their shape, defaults and validation at the edge.
import type { ModerationSettings, PremoderationMode } from '../protocol/admin-dto';
import { isLongerThan } from '../text/plain-text';
import { FieldReader } from '../validation/fields';

// The settings travel as they are kept: one shape, declared with the wire types.
export type { ModerationSettings, PremoderationMode };

export const DEFAULT_MODERATION_SETTINGS: Readonly<ModerationSettings> = Object.freeze({
  premoderation: 'off',
  bannedWords: [],
  watchedWords: [],
  maxLinks: null,
  autoCloseDays: null,
  reportThreshold: 3,
  areReactionsEnabled: true,
  isQuotingEnabled: true,
});

const MODES: readonly PremoderationMode[] = ['off', 'all', 'first', 'links'];
const MAX_WORDS = 1000;
const MAX_WORD_CHARS = 100;

function readWords(r: FieldReader, field: string): string[] {
  const raw = r.raw(field);
  if (!Array.isArray(raw) || raw.some((w) => typeof w !== 'string')) {
    r.add({ field, issue: 'wrong_type' });
    return [];
  }
  const words = [...new Set(raw.map((w: string) => w.trim()).filter((w) => w !== ''))];
  if (words.length > MAX_WORDS) r.add({ field, issue: 'too_long', limit: MAX_WORDS });
  if (words.some((w) => isLongerThan(w, MAX_WORD_CHARS))) r.add({ field, issue: 'invalid' });
  return words;
}

function readOptionalCount(r: FieldReader, field: string, max: number): number | null {
  const raw = r.raw(field);
  if (raw === null) return null;
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 0 || raw > max) {
    r.add({ field, issue: 'invalid' });
    return null;
  }
  return raw;
}

function readBoolean(r: FieldReader, field: string): boolean {
  const raw = r.raw(field);
  if (typeof raw === 'boolean') return raw;
  r.add({ field, issue: raw === undefined || raw === null ? 'required' : 'wrong_type' });
  return false;
}

/** Parses a full settings document (every field required, so a typo cannot silently reset one). */
export function parseModerationSettings(raw: unknown): ModerationSettings {
  const r = new FieldReader(raw, [
    'premoderation',
    'bannedWords',
    'watchedWords',
    'maxLinks',
    'autoCloseDays',
    'reportThreshold',
    'areReactionsEnabled',
    'isQuotingEnabled',
  ]);
  const mode = r.string('premoderation');
  if (mode !== undefined && !(MODES as readonly string[]).includes(mode))
    r.add({ field: 'premoderation', issue: 'invalid' });
  const settings: ModerationSettings = {
    premoderation: (mode as PremoderationMode) ?? 'off',
    bannedWords: readWords(r, 'bannedWords'),
    watchedWords: readWords(r, 'watchedWords'),
    maxLinks: readOptionalCount(r, 'maxLinks', 1000),
    autoCloseDays: readOptionalCount(r, 'autoCloseDays', 36500),
    reportThreshold: readOptionalCount(r, 'reportThreshold', 1000) ?? 0,
    areReactionsEnabled: readBoolean(r, 'areReactionsEnabled'),
    // The one optional field: documents written before it existed mean its default, on.
    isQuotingEnabled: r.has('isQuotingEnabled') ? readBoolean(r, 'isQuotingEnabled') : true,
  };
  if (settings.reportThreshold < 1) r.add({ field: 'reportThreshold', issue: 'invalid' });
  r.finish();
  return settings;
}

/** Reads what the database holds, falling back to defaults for anything missing or damaged. */
export function settingsFromStored(json: string | null): ModerationSettings {
  if (json === null) return { ...DEFAULT_MODERATION_SETTINGS };
  try {
    return parseModerationSettings({ ...DEFAULT_MODERATION_SETTINGS, ...JSON.parse(json) });
  } catch {
    return { ...DEFAULT_MODERATION_SETTINGS };
  }
}
