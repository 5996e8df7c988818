// Owns the optional Akismet-compatible spam check, bounded by a timeout so a silent service holds, never loses, a comment.
/** Where the check goes, read from the configuration. */
export interface AkismetConfig {
  key: string;
  /** The comment-check address; Akismet's own unless pointed at a compatible service. */
  url: string;
  /** The site's address, sent as Akismet's "blog" parameter. */
  siteUrl: string;
  timeoutMs: number;
}

export type SpamVerdict = 'spam' | 'ham' | 'unknown';

export interface SpamCheckInput {
  address: string | null;
  userAgent: string | null;
  permalink: string | null;
  authorName: string;
  authorEmail: string | null;
  body: string;
}

export type SpamChecker = (input: SpamCheckInput) => Promise<SpamVerdict>;

export function createAkismetChecker(config: AkismetConfig, fetchImpl: typeof fetch = fetch): SpamChecker {
  return async (input) => {
    const form = new URLSearchParams({
      api_key: config.key,
      blog: config.siteUrl,
      user_ip: input.address ?? '',
      user_agent: input.userAgent ?? '',
      permalink: input.permalink ?? '',
      comment_type: 'comment',
      comment_author: input.authorName,
      comment_author_email: input.authorEmail ?? '',
      comment_content: input.body,
    });
    try {
      const res = await fetchImpl(config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      const text = (await res.text()).trim();
      if (res.ok && text === 'true') return 'spam';
      if (res.ok && text === 'false') return 'ham';
      return 'unknown';
    } catch {
      return 'unknown';
    }
  };
}
