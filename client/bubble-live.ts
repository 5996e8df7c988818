// Owns the comment bubble once the live part is in: its count, its way to the form, the invite and toasts about new comments.
import type { PublicComment } from '../server/protocol/dto';
import { h } from './dom';
import type { Messages } from './messages/catalog';
import type { FormView } from './views/form';
import type { WidgetParts } from './widget-parts';

const TOAST_MS = 6_000;
const MAX_TOASTS = 3;
const EXCERPT_CHARS = 80;
const INVITE_DELAY_MS = 8_000;
const DISMISSED_KEY = 'parley:invite-dismissed';
const DISMISSED_FOR_MS = 7 * 24 * 60 * 60 * 1000;

export interface BubbleDeps {
  parts: WidgetParts;
  /** The page's whole catalog (parts.messages holds the first render's half). */
  messages: Messages;
  form: FormView;
  /** Opens the comment the address bar points to (when a click did not change it). */
  openPermalink(): void;
}

/** data-invite-delay on the container, in milliseconds; anything else keeps the default. */
function inviteDelayOf(host: HTMLElement): number {
  const value = Number(host.dataset.inviteDelay || NaN);
  return Number.isFinite(value) && value >= 0 ? value : INVITE_DELAY_MS;
}

function isInviteDismissed(now: number): boolean {
  try {
    return now - Number(localStorage.getItem(DISMISSED_KEY)) < DISMISSED_FOR_MS;
  } catch {
    // Without storage a dismissal could not last: better no invite than one that keeps coming back.
    return true;
  }
}

function rememberDismissal(now: number): void {
  try {
    localStorage.setItem(DISMISSED_KEY, String(now));
  } catch {
    // Storage refused: the invite is gone for this page view at least.
  }
}

/**
 * Plain text of a sanitized body, cut at a word near the limit. The first render's allow-list
 * parser, shared through the parts, also copes with a page that enforces Trusted Types, where
 * parsing a plain string throws.
 */
export function excerptOf(bodyHtml: string, safeFragment: (html: string) => DocumentFragment): string {
  const text = (safeFragment(bodyHtml).textContent ?? '').replace(/\s+/g, ' ').trim();
  const chars = [...text];
  if (chars.length <= EXCERPT_CHARS) return text;
  const cut = chars.slice(0, EXCERPT_CHARS).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > EXCERPT_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export interface BubbleLive {
  /** Someone else's comment arrived live: a toast about it while the comments are out of sight. */
  onArrival(comment: PublicComment): void;
  close(): void;
}

export function attachBubble({ parts, messages, form, openPermalink }: BubbleDeps): BubbleLive {
  const { dock } = parts;
  if (!dock) return { onArrival() {}, close() {} };
  const { button } = dock;
  const number = new Intl.NumberFormat(messages.locale);
  const host = parts.shadow.host as HTMLElement;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  // The invite and the toasts are in the widget's language even where the dock keeps the page's direction.
  const notes = h('div', { class: 'notes', lang: messages.locale, dir: messages.dir });
  let isAreaInView = true;
  let invite: HTMLElement | null = null;
  button.lang = messages.locale;
  dock.element.prepend(notes);

  function showCount(count: number | null): void {
    button.textContent = count === null ? '' : number.format(count);
    button.setAttribute('aria-label', messages.bubble.label(count));
  }
  showCount(parts.view?.thread.commentCount ?? null);
  const setCount = parts.setCount;
  parts.setCount = (count) => {
    setCount(count);
    showCount(count);
  };

  dock.activate = () => {
    dock.isFormWanted = false;
    invite?.remove();
    // A closed thread has no form: its heading is the place to go.
    const target = form.element.hidden ? parts.header.title : form.element;
    target.scrollIntoView({ block: 'center' });
    if (form.element.hidden) parts.header.title.focus({ preventScroll: true });
    else form.focus();
  };
  if (dock.isFormWanted) dock.activate();

  const observer = new IntersectionObserver((entries) => {
    isAreaInView = entries.some((e) => e.isIntersecting);
    // On a small screen the bubble would sit on the comments' own buttons: the styles step it aside.
    dock.element.toggleAttribute('data-area-in-view', isAreaInView);
    // The reader found the comments: the invite has done its job for this page view.
    if (isAreaInView) invite?.remove();
  });
  observer.observe(host);

  function showInvite(): void {
    if (isAreaInView || isInviteDismissed(Date.now())) return;
    const close = h(
      'button',
      { type: 'button', class: 'invite-close', 'aria-label': messages.bubble.dismissInvite },
      '×',
    );
    const shown = h('p', { class: 'invite' }, h('span', null, messages.form.bodyPlaceholder), close);
    close.addEventListener('click', () => {
      rememberDismissal(Date.now());
      shown.remove();
      button.focus();
    });
    invite = shown;
    notes.append(shown);
  }
  const inviteTimer = setTimeout(showInvite, inviteDelayOf(host));
  timers.add(inviteTimer);

  function removeLater(toast: HTMLElement): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      // A toast the reader is pointing at or tabbing through stays until they leave it.
      if (toast.matches(':hover, :focus-within')) removeLater(toast);
      else toast.remove();
    }, TOAST_MS);
    timers.add(timer);
  }

  function showToast(comment: PublicComment): void {
    const hash = `#comment-${comment.id}`;
    const toast = h(
      'div',
      { class: 'toast' },
      h('strong', { class: 'toast-author', dir: 'auto' }, comment.authorName),
      h('span', { class: 'toast-text', dir: 'auto' }, excerptOf(comment.bodyHtml, parts.safeFragment)),
      h(
        'a',
        {
          class: 'toast-link',
          href: parts.permalink(comment.id),
          onclick(event: Event) {
            toast.remove();
            // The same address again fires no hashchange: open it here.
            if (location.hash === hash) {
              event.preventDefault();
              openPermalink();
            }
          },
        },
        messages.bubble.readComment,
      ),
    );
    notes.append(toast);
    const shown = notes.querySelectorAll('.toast');
    for (let i = 0; i < shown.length - MAX_TOASTS; i += 1) shown[i].remove();
    removeLater(toast);
  }

  return {
    // The polite region already announces each arrival; the toast is its visible twin.
    onArrival(comment) {
      if (!isAreaInView) showToast(comment);
    },
    close() {
      observer.disconnect();
      timers.forEach(clearTimeout);
      notes.remove();
    },
  };
}
