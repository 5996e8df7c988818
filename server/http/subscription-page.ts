// Owns the subscriptions page a mail link opens: server-rendered, every value escaped, forms instead of script.
import type { SubscriptionsView } from '../notifications/subscription-service';

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** Inline style only, no script, forms only to this server, and never shown inside another site's frame. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'Cache-Control': 'no-store',
};

function layout(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="referrer" content="no-referrer"><title>${escape(title)}</title>` +
    `<style>body{font-family:system-ui,sans-serif;max-width:36em;margin:2em auto;padding:0 1em;line-height:1.5}` +
    `li{margin:.5em 0}form{display:inline}button{font:inherit;cursor:pointer}</style></head>` +
    `<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`
  );
}

const KIND_TEXT = { thread: 'New comments on', replies: 'Replies to your comments on' } as const;

export function subscriptionsPage(view: SubscriptionsView): string {
  const notes: string[] = [];
  if (view.isJustConfirmed) notes.push('Your email address is confirmed. You will now get the emails you asked for.');
  else if (!view.isConfirmed)
    notes.push('This address is not confirmed yet: nothing but the confirmation email is sent to it.');
  if (view.endedCount > 0)
    notes.push(view.endedCount === 1 ? 'The subscription has ended.' : `${view.endedCount} subscriptions have ended.`);
  const token = `<input type="hidden" name="token" value="${escape(view.manageToken)}">`;
  const items = view.subscriptions.map((s) => {
    const title = s.threadTitle ?? s.threadUrl ?? 'a page';
    const page = s.threadUrl === null ? escape(title) : `<a href="${escape(s.threadUrl)}">${escape(title)}</a>`;
    return (
      `<li>${KIND_TEXT[s.kind]} ${page} ` +
      `<form method="post" action="/subscriptions">${token}` +
      `<input type="hidden" name="subscriptionId" value="${s.id}">` +
      `<button type="submit">Unsubscribe</button></form></li>`
    );
  });
  const list =
    items.length === 0
      ? '<p>This address has no subscriptions.</p>'
      : `<ul>${items.join('')}</ul><form method="post" action="/subscriptions">${token}` +
        `<input type="hidden" name="all" value="1"><button type="submit">Unsubscribe from all</button></form>`;
  return layout(
    'Your subscriptions',
    notes.map((n) => `<p role="status">${escape(n)}</p>`).join('') +
      `<p>Email: <strong>${escape(view.email)}</strong></p>${list}`,
  );
}

export function linkRefusedPage(message: string): string {
  return layout('This link does not work', `<p>${escape(message)}</p>`);
}
