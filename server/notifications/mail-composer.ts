// Owns what subscription mail says: pure builders of the message (text, HTML, headers) from what it is about.
import { sanitizeMarkup } from '../text/sanitize';

export interface MailLinks {
  /** The page listing the address's subscriptions. */
  manageUrl: string;
  /** RFC 8058 one-click target (POST), also the List-Unsubscribe address. */
  oneClickUrl: string;
  /** The page a person opens to end this subscription. */
  unsubscribeUrl: string;
}

export interface NoticeItem {
  authorName: string;
  /** The comment's sanitized HTML. */
  bodyHtml: string;
  permalink: string;
}

export interface ComposedMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
}

/** The longest excerpt of a comment a mail carries, in characters of text. */
export const EXCERPT_CHARS = 1000;

/** A header value on one line: no CR, LF or other control can start a header of its own. */
export function headerText(text: string, maxChars = 200): string {
  const line = text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > maxChars ? `${line.slice(0, maxChars - 1)}…` : line;
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

/** Sanitized comment HTML as plain text, each link's address after its words. */
export function htmlToText(html: string): string {
  // Links become markers first, so the tag stripping below cannot take their <address> for a tag.
  const links: string[] = [];
  const marked = html
    .replace(/\u0000/g, '')
    .replace(/<a\b[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_, href: string, label: string) => {
      const words = decodeEntities(label.replace(/<[^>]*>/g, ''));
      const url = decodeEntities(href);
      links.push(words === url ? url : `${words} <${url}>`);
      return `\u0000${links.length - 1}\u0000`;
    });
  return decodeEntities(
    marked
      .replace(/<\/(p|blockquote|pre|li|h\d)>/gi, '\n\n')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/\u0000(\d+)\u0000/g, (_, i: string) => links[Number(i)])
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A body's mentions (links to `#comment-ID` on its page) made absolute, so they work from a mail. */
export function withPageLinks(bodyHtml: string, pageUrl: string): string {
  const page = escapeHtml(pageUrl.split('#')[0]);
  return bodyHtml.replace(/<a href="#comment-(\d+)"/g, (_, id: string) => `<a href="${page}#comment-${id}"`);
}

/** The comment as the mail shows it: its own sanitized markup (links kept), or a cut text excerpt when long. */
export function excerpt(bodyHtml: string): { text: string; html: string } {
  const text = htmlToText(bodyHtml);
  if (text.length <= EXCERPT_CHARS) return { text, html: sanitizeMarkup(bodyHtml) };
  const cut = `${text.slice(0, EXCERPT_CHARS - 1)}…`;
  return { text: cut, html: `<p>${escapeHtml(cut).replace(/\n/g, '<br>')}</p>` };
}

const FOOTER_TEXT = (links: MailLinks) =>
  `\n\n--\nManage your subscriptions: ${links.manageUrl}\nUnsubscribe: ${links.unsubscribeUrl}\n`;

const page = (title: string, body: string, links: MailLinks) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
  `<body style="font-family:sans-serif;line-height:1.5;max-width:40em">${body}` +
  `<hr><p style="font-size:small;color:#555"><a href="${escapeHtml(links.manageUrl)}">Manage your subscriptions</a> · ` +
  `<a href="${escapeHtml(links.unsubscribeUrl)}">Unsubscribe</a></p></body></html>`;

function unsubscribeHeaders(links: MailLinks): Record<string, string> {
  return {
    'List-Unsubscribe': `<${links.oneClickUrl}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

export interface Envelope {
  from: string;
  to: string;
  messageId: string;
  threadTitle: string;
  threadUrl: string | null;
}

/** The mail asking an address's owner to confirm a subscription. */
export function composeConfirmation(envelope: Envelope, confirmUrl: string, links: MailLinks): ComposedMail {
  const title = headerText(envelope.threadTitle);
  const subject = headerText(`Confirm your subscription to comments on ${title}`);
  const text =
    `Someone, probably you, asked to be told by email about new comments on "${title}"` +
    (envelope.threadUrl === null ? '' : ` (${envelope.threadUrl})`) +
    `.\n\nTo confirm, open this link:\n${confirmUrl}\n\nIf it was not you, ignore this email: nothing more will be sent.` +
    FOOTER_TEXT(links);
  const html = page(
    subject,
    `<p>Someone, probably you, asked to be told by email about new comments on ` +
      (envelope.threadUrl === null
        ? `<strong>${escapeHtml(title)}</strong>`
        : `<a href="${escapeHtml(envelope.threadUrl)}">${escapeHtml(title)}</a>`) +
      `.</p><p><a href="${escapeHtml(confirmUrl)}">Confirm the subscription</a></p>` +
      `<p>If it was not you, ignore this email: nothing more will be sent.</p>`,
    links,
  );
  return {
    from: envelope.from,
    to: envelope.to,
    subject,
    text,
    html,
    messageId: envelope.messageId,
    headers: unsubscribeHeaders(links),
  };
}

/** One message telling of one or more new comments on a thread. */
export function composeNotices(envelope: Envelope, items: readonly NoticeItem[], links: MailLinks): ComposedMail {
  const title = headerText(envelope.threadTitle);
  const first = headerText(items[0].authorName, 80);
  const subject = headerText(
    items.length === 1 ? `${first} commented on ${title}` : `${items.length} new comments on ${title}`,
  );
  const parts = items.map((item) => ({ item, body: excerpt(item.bodyHtml) }));
  const text =
    parts
      .map(
        ({ item, body }) =>
          `${headerText(item.authorName, 80)} wrote on "${title}":\n\n${body.text}\n\nRead and reply: ${item.permalink}`,
      )
      .join('\n\n') + FOOTER_TEXT(links);
  const html = page(
    subject,
    parts
      .map(
        ({ item, body }) =>
          `<p><strong>${escapeHtml(headerText(item.authorName, 80))}</strong> wrote on ${escapeHtml(title)}:</p>` +
          `<blockquote style="margin:0 0 0 1em;padding-left:1em;border-left:3px solid #ccc">${body.html}</blockquote>` +
          `<p><a href="${escapeHtml(item.permalink)}">Read and reply</a></p>`,
      )
      .join(''),
    links,
  );
  return {
    from: envelope.from,
    to: envelope.to,
    subject,
    text,
    html,
    messageId: envelope.messageId,
    headers: unsubscribeHeaders(links),
  };
}

export interface ModeratorMailItem {
  purpose: 'held' | 'report';
  authorName: string;
  bodyHtml: string;
  /** The comment in the dashboard. */
  dashboardUrl: string;
  /** The dashboard's account settings, where this mail is turned off. */
  settingsUrl: string;
}

/** The mail telling a moderator who asked for it of a comment held for review, or of a new report. */
export function composeModeratorMail(envelope: Envelope, item: ModeratorMailItem): ComposedMail {
  const title = headerText(envelope.threadTitle);
  const author = headerText(item.authorName, 80);
  const what = item.purpose === 'held' ? 'is held for review' : 'was reported';
  const subject = headerText(`A comment by ${author} ${what} on ${title}`);
  const body = excerpt(item.bodyHtml);
  const text =
    `A comment by ${author} on "${title}" ${what}:\n\n${body.text}\n\nOpen it in the dashboard: ${item.dashboardUrl}` +
    `\n\n--\nYou asked for this mail in your account settings: ${item.settingsUrl}\n`;
  const html =
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:sans-serif;line-height:1.5;max-width:40em">` +
    `<p>A comment by <strong>${escapeHtml(author)}</strong> on ${escapeHtml(title)} ${what}:</p>` +
    `<blockquote style="margin:0 0 0 1em;padding-left:1em;border-left:3px solid #ccc">${body.html}</blockquote>` +
    `<p><a href="${escapeHtml(item.dashboardUrl)}">Open it in the dashboard</a></p>` +
    `<hr><p style="font-size:small;color:#555">You asked for this mail in your ` +
    `<a href="${escapeHtml(item.settingsUrl)}">account settings</a>.</p></body></html>`;
  return { from: envelope.from, to: envelope.to, subject, text, html, messageId: envelope.messageId, headers: {} };
}
