import fc from 'fast-check';
import { gateLogin, recordFailure, LOCK_MS } from '../../server/accounts/login-throttle';
import { hashPassword, verifyPassword } from '../../server/accounts/passwords';
import {
  countHidingReports,
  countLinks,
  findListedWord,
  foldForMatching,
  holdReasonFor,
  isThreadClosed,
} from '../../server/policy/moderation-rules';
import { DEFAULT_MODERATION_SETTINGS } from '../../server/policy/moderation-settings';
import { hashAddress, networkOf } from '../../server/identity/ip-hash';
import { NEW_IDENTITY_MS } from '../../server/votes/vote-rules';
import { messages } from '../../client/admin/messages';

describe('word lists', () => {
  it('match whole words, ignoring case and accents', () => {
    expect(findListedWord('What a CAFÉ', ['cafe'])).toBe('cafe');
    expect(findListedWord('Crème brûlée', ['creme brulee'])).toBe('creme brulee');
    expect(findListedWord('a classic move', ['ass'])).toBeNull();
    expect(findListedWord('kick-ass', ['ass'])).toBe('ass');
    expect(findListedWord("it's fine", ["it's"])).toBe("it's");
    expect(findListedWord('anything', [])).toBeNull();
    expect(foldForMatching('ÅNGSTRÖM')).toBe('angstrom');
  });

  it('match phrases only as consecutive words', () => {
    expect(findListedWord('buy it now', ['buy now'])).toBeNull();
    expect(findListedWord('Buy, now!', ['buy now'])).toBe('buy now');
  });

  it('find a phrase that starts inside a longer one that did not match', () => {
    expect(findListedWord('buy cheap pills now', ['buy cheap watches', 'cheap pills'])).toBe('cheap pills');
    expect(findListedWord('buy buy cheap', ['buy cheap', 'buy buy buy'])).toBe('buy cheap');
    expect(findListedWord('cheap pills', ['buy cheap pills', 'pills', 'cheap pills'])).toBe('pills');
  });

  it('name the first listed entry that occurs, as trying each entry in turn does', () => {
    const wordsOf = (text: string) => foldForMatching(text).match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu) ?? [];
    const eachInTurn = (text: string, list: string[]) =>
      list.find((entry) => {
        const phrase = wordsOf(entry);
        const words = wordsOf(text);
        return phrase.length > 0 && words.some((_, i) => phrase.every((w, j) => words[i + j] === w));
      }) ?? null;
    const word = fc.constantFrom('buy', 'now', 'cheap', 'Now', 'café', 'cafe', "it's", '7');
    const text = fc
      .array(fc.oneof(word, fc.constantFrom(' ', ', ', '!', '-', '\n', "'")), { maxLength: 30 })
      .map((parts) => parts.join(''));
    const list = fc.array(
      fc.array(word, { maxLength: 3 }).map((words) => words.join(' ')),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(text, list, (t, l) => {
        expect(findListedWord(t, l)).toBe(eachInTurn(t, l));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('holding comments back', () => {
  const settings = { ...DEFAULT_MODERATION_SETTINGS };
  it('follows the pre-moderation mode and watched words', () => {
    expect(holdReasonFor({ settings, linkCount: 3, isFirstComment: true, watchedWord: null })).toBeNull();
    expect(
      holdReasonFor({
        settings: { ...settings, premoderation: 'all' },
        linkCount: 0,
        isFirstComment: false,
        watchedWord: null,
      }),
    ).toBe('all');
    expect(
      holdReasonFor({
        settings: { ...settings, premoderation: 'first' },
        linkCount: 0,
        isFirstComment: true,
        watchedWord: null,
      }),
    ).toBe('first');
    expect(
      holdReasonFor({
        settings: { ...settings, premoderation: 'first' },
        linkCount: 0,
        isFirstComment: false,
        watchedWord: null,
      }),
    ).toBeNull();
    expect(
      holdReasonFor({
        settings: { ...settings, premoderation: 'links' },
        linkCount: 1,
        isFirstComment: false,
        watchedWord: null,
      }),
    ).toBe('links');
    expect(holdReasonFor({ settings, linkCount: 0, isFirstComment: false, watchedWord: 'x' })).toBe('watched');
  });

  it('counts links in sanitized markup', () => {
    expect(countLinks('<p><a href="https://a">a</a> and <a href="https://b">b</a></p>')).toBe(2);
    expect(countLinks('<p>no links</p>')).toBe(0);
  });

  it('closes threads by flag or by age', () => {
    const thread = { isClosed: false, isReopened: false, createdAtMs: 0 };
    expect(isThreadClosed(thread, settings, 10 ** 12)).toBe(false);
    expect(isThreadClosed({ ...thread, isClosed: true }, settings, 0)).toBe(true);
    expect(isThreadClosed(thread, { ...settings, autoCloseDays: 1 }, 86_400_000 - 1)).toBe(false);
    expect(isThreadClosed(thread, { ...settings, autoCloseDays: 1 }, 86_400_000)).toBe(true);
    expect(isThreadClosed({ ...thread, isReopened: true }, { ...settings, autoCloseDays: 1 }, 86_400_000)).toBe(false);
  });
});

describe('failed logins', () => {
  it('are free five times, then slowed, then locked for fifteen minutes', () => {
    let record = null;
    let t = 1_000_000;
    for (let i = 0; i < 5; i++) {
      expect(gateLogin(record, t).isAllowed).toBe(true);
      record = recordFailure(record, t);
    }
    expect(gateLogin(record, t)).toEqual({ isAllowed: false, isLocked: false, retryAfterMs: 1000 });
    t += 1000;
    expect(gateLogin(record, t).isAllowed).toBe(true);
    for (let i = 0; i < 5; i++) {
      record = recordFailure(record, t);
      t += 60_000;
    }
    expect(record!.failures).toBe(10);
    const gate = gateLogin(record, t);
    expect(gate).toMatchObject({ isAllowed: false, isLocked: true });
    expect(gateLogin(record, record!.lockedUntilMs!).isAllowed).toBe(true);
    expect(recordFailure(record, record!.lockedUntilMs!).failures).toBe(1);
    expect(record!.lockedUntilMs! - record!.lastFailureAtMs).toBe(LOCK_MS);
  });
});

describe('passwords', () => {
  it('verify only the right password and never store it', async () => {
    const hash = await hashPassword('correct horse battery', 10);
    expect(hash).not.toContain('correct');
    expect(hash.startsWith('scrypt$10$8$1$')).toBe(true);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});

describe('address hashing', () => {
  it('groups an IPv6 /64 and keeps IPv4 addresses apart', () => {
    expect(networkOf('2001:db8:1:2:aaaa::1')).toBe(networkOf('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(networkOf('2001:db8:1:2::1')).not.toBe(networkOf('2001:db8:1:3::1'));
    expect(networkOf('::ffff:192.0.2.1')).toBe('192.0.2.1');
    const key = Buffer.alloc(32, 1);
    expect(hashAddress('192.0.2.1', key)).not.toBe(hashAddress('192.0.2.2', key));
    expect(hashAddress('192.0.2.1', key)).not.toBe(hashAddress('192.0.2.1', Buffer.alloc(32, 2)));
    expect(hashAddress(undefined, key)).toBeNull();
  });
});

describe('countHidingReports', () => {
  const MINUTE = 60_000;
  const report = (network: string | null, reporterFirstSeenMs: number | null, reportedAtMs = 60 * MINUTE) => ({
    network,
    reportedAtMs,
    reporterFirstSeenMs,
  });

  it('counts each network once, and only readers first seen at least the given time before reporting', () => {
    expect(countHidingReports([report('a', 0), report('a', 0), report('b', 0)], 10 * MINUTE)).toBe(2);
    // First seen nine minutes before reporting, or never: brand new.
    expect(
      countHidingReports([report('a', 51 * MINUTE), report('b', null), report('c', 50 * MINUTE)], 10 * MINUTE),
    ).toBe(1);
    // Reports whose network is unknown share one.
    expect(countHidingReports([report(null, 0), report(null, 0)], 10 * MINUTE)).toBe(1);
  });

  it('is what the dashboard says it is', () => {
    // The settings view explains the threshold in words; they must state the server's rule.
    expect(messages.settings.reportThresholdHint).toContain(`${NEW_IDENTITY_MS / MINUTE} minutes`);
    expect(messages.settings.reportThresholdHint).toContain('different network');
  });
});
