// @mentions in a comment: which names count, which author they point at, and what they become in the stored body.
import { renderMarkdownBody } from '../../server/text/markdown';
import {
  findMentions,
  linkMentions,
  mentionedCommentIds,
  mentionTargets,
  type MentionTarget,
} from '../../server/text/mentions';
import { sanitizeMarkup } from '../../server/text/sanitize';

const targets: MentionTarget[] = mentionTargets([
  { id: 1, authorName: 'Ada' },
  { id: 2, authorName: 'Ada Lovelace' },
  { id: 3, authorName: 'grace' },
  { id: 7, authorName: 'Grace' },
  { id: 4, authorName: 'Émile' },
]);

const names = (text: string) => findMentions(text, targets).map((m) => [text.slice(m.start, m.end), m.commentId]);

describe('findMentions', () => {
  it('matches a name case-insensitively, pointing at that author’s latest comment', () => {
    expect(names('thanks @GRACE!')).toEqual([['@GRACE', 7]]);
    expect(names('@émile, see above')).toEqual([['@émile', 4]]);
  });

  it('takes the longest name that fits', () => {
    expect(names('@Ada Lovelace wrote it; @Ada did not')).toEqual([
      ['@Ada Lovelace', 2],
      ['@Ada', 1],
    ]);
  });

  it('needs the name to stand alone: not inside an address, not the start of a longer word', () => {
    expect(names('mail x@Ada.org or @Adams or @Ada_ or a@Grace')).toEqual([]);
    expect(names('@Nobody here')).toEqual([]);
  });
});

describe('linkMentions', () => {
  it('links mentions in text to the comment, through the sanitizer, and leaves code and links alone', () => {
    const html = renderMarkdownBody('Hi @ada lovelace and `@Grace` and [@Grace](https://example.org)');
    const linked = linkMentions(html, targets);
    expect(linked).toBe(
      '<p>Hi <a href="#comment-2">@ada lovelace</a> and <code>@Grace</code> and ' +
        '<a href="https://example.org" rel="nofollow ugc noopener noreferrer">@Grace</a></p>',
    );
    expect(sanitizeMarkup(linked)).toBe(linked);
    expect(mentionedCommentIds(linked)).toEqual([2]);
  });

  it('finds names with characters the HTML escapes', () => {
    const odd = mentionTargets([{ id: 9, authorName: 'Tom & Jerry' }]);
    const linked = linkMentions(renderMarkdownBody('cc @Tom & Jerry'), odd);
    expect(linked).toBe('<p>cc <a href="#comment-9">@Tom &amp; Jerry</a></p>');
  });

  it('keeps only exact comment permalinks among links that are not absolute', () => {
    expect(sanitizeMarkup('<a href="#comment-12">x</a>')).toBe('<a href="#comment-12">x</a>');
    expect(sanitizeMarkup('<a href="#comment-12x">x</a>')).toBe('x');
    expect(sanitizeMarkup('<a href="/comment-12">x</a>')).toBe('x');
  });
});
