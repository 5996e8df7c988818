// Every pass that user text goes through must cost time in proportion to its length (issue 13:
// one edit of "http://a" and 10,000 dots held the server for up to a second). Each transform
// gets adversarial inputs and a generous bound per 10,000 characters: far above what linear
// code needs on a loaded machine, far below what a pass that rescans its input costs.
import fc from 'fast-check';
import { checkDraft } from '../../client/draft-rules';
import { plainTextOf } from '../../client/safe-html';
import { parseEditComment, parsePostComment } from '../../server/comments/comment-input';
import { AppError } from '../../server/errors';
import { parseNewModerator, parseQueueQuery, parseReasonBody } from '../../server/moderation/admin-input';
import { countLinks, findListedWord, foldForMatching } from '../../server/policy/moderation-rules';
import { parseReport } from '../../server/moderation/report-input';
import { LIMITS } from '../../server/protocol/limits';
import { cleanPlainText, isLongerThan } from '../../server/text/plain-text';
import { renderMarkdownBody } from '../../server/text/markdown';
import { renderCommentBody, sanitizeMarkup } from '../../server/text/sanitize';
import { parseOpenThread } from '../../server/threads/thread-input';

const fill = (unit: string, length: number): string => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
const charCount = (text: string): number => [...text].length;

// Pieces whose long runs make a backtracking pattern or a parser retry: closing punctuation,
// escapes and entities, tags opened and never closed, URL and address fragments, line breaks,
// invisible and combining characters.
const UNITS = [
  '.',
  ',',
  ')',
  ']',
  '}',
  ':;!?',
  '&',
  '&amp;',
  '&#x27;',
  "'",
  '"',
  '&lt;',
  '&#',
  '&#x3C',
  '&gt',
  '<',
  '>',
  '</',
  '<b>',
  '<i><b>',
  '<b>x',
  '<li>',
  '<ul><li>',
  '<p>',
  '</p>',
  '<pre>',
  '</pre>',
  '<code>',
  '<a href="',
  '<a href="http://x/">',
  '</a>',
  '<!--',
  '<![CDATA[',
  '<script>',
  '<x y=',
  '<br>',
  'http://',
  'https://a',
  'http://a.',
  'www.',
  'mailto:',
  '@',
  '@.',
  'a@',
  '.a',
  'a\n',
  '\n',
  '\n\n',
  '\n \t',
  '\r\n',
  '*',
  '**',
  '_',
  '`',
  '```\n',
  '~~',
  '> ',
  '- ',
  '1. ',
  '[',
  '](',
  '[a](http://a/)',
  '![',
  '\\',
  '    ',
  ' ',
  '\t',
  '\u00a0',
  '\u0085',
  '\u200b',
  '\u202e',
  'e\u0301',
  '\u0301',
  '\ufdfa',
  '\u{1f600}',
  '\u{1f469}\u200d\u{1f467}',
  'a ',
  "a'",
  "a' ",
  'word ',
];
const PREFIXES = [
  '',
  'http://a',
  'https://x.example/',
  '<pre>',
  '<code>',
  '<p>',
  '<a href="http://a/">',
  'a@',
  'a@a',
  'mailto:',
];
const SUFFIXES = ['', 'x', '>', '@', ' ', '</pre>', '\n', '</a>'];

/** One to three long runs, each of one repeated piece, between a prefix and a suffix. */
function adversarial(maxLength: number): fc.Arbitrary<string> {
  return fc
    .record({
      prefix: fc.constantFrom(...PREFIXES),
      runs: fc.array(fc.record({ unit: fc.constantFrom(...UNITS), share: fc.integer({ min: 1, max: 4 }) }), {
        minLength: 1,
        maxLength: 3,
      }),
      suffix: fc.constantFrom(...SUFFIXES),
      length: fc.integer({ min: Math.floor(maxLength / 4), max: maxLength }),
    })
    .map(({ prefix, runs, suffix, length }) => {
      const shares = runs.reduce((total, run) => total + run.share, 0);
      return prefix + runs.map((run) => fill(run.unit, Math.floor((length * run.share) / shares))).join('') + suffix;
    });
}

function elapsedMs(transform: (input: string) => unknown, input: string): number {
  const start = performance.now();
  try {
    transform(input);
  } catch (err) {
    // Refusing the input is an answer too; only the time counts here.
    if (!(err instanceof AppError)) throw err;
  }
  return performance.now() - start;
}

/**
 * Milliseconds per 10,000 characters (code points), inputs shorter than that counted as
 * 10,000. A run a little over the bound is timed again, up to three times, and the fastest
 * kept: a pause of the garbage collector or a busy machine is not the transform's cost, and a
 * pass that rescans its input is slow every time.
 */
function msPerTenThousand(transform: (input: string) => unknown, input: string, boundMs: number): number {
  const per = Math.max(charCount(input), 10_000) / 10_000;
  let fastest = elapsedMs(transform, input) / per;
  for (let retry = 0; retry < 2 && fastest >= boundMs && fastest < 3 * boundMs; retry++) {
    fastest = Math.min(fastest, elapsedMs(transform, input) / per);
  }
  return fastest;
}

function holdToBound(
  transform: (input: string) => unknown,
  {
    maxLength,
    boundMs,
    numRuns,
    examples = [],
  }: { maxLength: number; boundMs: number; numRuns: number; examples?: string[] },
): void {
  // Compiled by the first calls, not timed.
  for (const warmUp of ['a', '<b>x</b> http://a.example/ a@b.c\n\nz']) elapsedMs(transform, warmUp);
  fc.assert(
    fc.property(adversarial(maxLength), (input) => {
      const cost = msPerTenThousand(transform, input, boundMs);
      if (cost >= boundMs)
        throw new Error(
          `${cost.toFixed(0)} ms per 10,000 characters on ${JSON.stringify(input.slice(0, 40))}… (${charCount(input)} characters)`,
        );
    }),
    // Shrinking would re-run a slow case hundreds of times: the first failure says enough.
    { numRuns, examples: examples.map((e) => [e]), endOnFailure: true },
  );
}

/** A whole 64 KB request's worth of one field. */
const WIRE_CHARS = 60_000;
/** Generous: linear passes here need well under a tenth of it on a loaded machine. */
const BOUND_MS = 100;
const TIMEOUT_MS = 180_000;

describe('comment rendering', () => {
  // Sanitizing cost grows faster than the input with deeply nested unclosed tags (the parser's
  // open-element stack), which is why the body limit is checked first; at four times the
  // longest body it is still a small part of the bound. Many tiny paragraphs, each sanitized
  // alone, are the slowest linear case.
  it(
    'renders any text in time proportional to its length, up to four times the longest body',
    () => {
      const length = 4 * LIMITS.maxBodyChars;
      holdToBound(renderCommentBody, {
        maxLength: length,
        boundMs: 500,
        numRuns: 30,
        examples: [
          'http://a' + '&'.repeat(length - 9) + 'x',
          'http://a' + '.'.repeat(length - 9) + 'x',
          'http://a' + fill(')]}:;!?,', length - 9) + 'x',
          fill('<b>\n\n', length),
          fill('<b>', length),
          '<' + fill('<pre>', length),
        ],
      });
    },
    TIMEOUT_MS,
  );

  it(
    'renders Markdown in time proportional to its length, up to four times the longest body',
    () => {
      const length = 4 * LIMITS.maxBodyChars;
      holdToBound(renderMarkdownBody, {
        maxLength: length,
        boundMs: 500,
        numRuns: 30,
        examples: [
          fill('> ', length),
          fill('- ', length),
          fill('*a', length),
          fill('[', length) + fill('](', length / 2),
          fill('`', length),
          fill('**_', length),
          'http://a' + '.'.repeat(length - 9) + 'x',
          fill('<b>\n\n', length),
        ],
      });
    },
    TIMEOUT_MS,
  );

  it(
    'renders the longest allowed body with the worst markup within half a second',
    () => {
      holdToBound(renderCommentBody, {
        maxLength: LIMITS.maxBodyChars,
        boundMs: 500,
        numRuns: 40,
        examples: [fill('<b>\n\n', LIMITS.maxBodyChars)],
      });
      holdToBound(renderMarkdownBody, {
        maxLength: LIMITS.maxBodyChars,
        boundMs: 500,
        numRuns: 40,
        examples: [fill('> ', LIMITS.maxBodyChars), fill('[', LIMITS.maxBodyChars)],
      });
    },
    TIMEOUT_MS,
  );

  it(
    'sanitizes markup and counts its links in time proportional to its length',
    () => {
      holdToBound(sanitizeMarkup, { maxLength: LIMITS.maxBodyChars, boundMs: 500, numRuns: 40 });
      holdToBound(countLinks, { maxLength: WIRE_CHARS, boundMs: BOUND_MS, numRuns: 60 });
    },
    TIMEOUT_MS,
  );
});

describe('plain-text fields and input parsing', () => {
  const transforms: [string, (input: string) => unknown][] = [
    ['cleanPlainText', cleanPlainText],
    ['isLongerThan', (input) => isLongerThan(input, LIMITS.maxBodyChars)],
    ['foldForMatching', foldForMatching],
    ['a post', (input) => parsePostComment({ threadId: 1, authorName: input, authorEmail: input, body: input })],
    ['an edit', (input) => parseEditComment({ commentId: 1, body: input })],
    ['opening a page', (input) => parseOpenThread({ pageId: input, url: input, title: input })],
    ['a report', (input) => parseReport({ commentId: 1, reason: 'other', details: input })],
    ["a moderator's reason", (input) => parseReasonBody({ reason: input })],
    ['a queue search', (input) => parseQueueQuery({ q: input, author: input })],
    [
      'a new moderator',
      (input) => parseNewModerator({ email: input, displayName: input, role: 'moderator', password: input }),
    ],
    ["the widget's draft check", (input) => checkDraft({ authorName: input, authorEmail: input, body: input })],
    ["the widget's text of a body it may not parse", plainTextOf],
  ];

  it.each(transforms)(
    '%s takes time proportional to the text, up to a whole request of it',
    (_name, transform) => {
      holdToBound(transform, {
        maxLength: WIRE_CHARS,
        boundMs: BOUND_MS,
        numRuns: 60,
        examples: ['a@' + '.'.repeat(WIRE_CHARS) + '@', '<'.repeat(WIRE_CHARS), '\u{1f600}'.repeat(WIRE_CHARS / 2)],
      });
    },
    TIMEOUT_MS,
  );
});

describe('banned and watched words', () => {
  it(
    'a full list of the longest phrases costs time proportional to the text',
    () => {
      const words = fc.constantFrom('a', 'é', "it's", '7', 'e\u0301');
      const separators = fc.constantFrom(' ', '. ', '\n', ' - ', "' ");
      fc.assert(
        fc.property(
          words,
          separators,
          fc.integer({ min: 1_000, max: LIMITS.maxBodyChars }),
          (word, separator, length) => {
            // 1,000 entries (the most a list may hold) that each follow the text for as long as
            // an entry can be, then differ at the last word.
            const entryWords = Math.floor(100 / (word.length + 1)) - 1;
            const list = Array.from({ length: 1000 }, (_, i) => `${`${word} `.repeat(entryWords)}z${i}`);
            const text = fill(word + separator, length);
            // The server reads a list once per saved settings; whatever it prepares then is not per comment.
            findListedWord(`${word} z0`, list);
            const cost = msPerTenThousand((input) => findListedWord(input, list), text, BOUND_MS);
            if (cost >= BOUND_MS) throw new Error(`${cost.toFixed(0)} ms per 10,000 characters`);
          },
        ),
        { numRuns: 20, endOnFailure: true },
      );
    },
    TIMEOUT_MS,
  );
});
