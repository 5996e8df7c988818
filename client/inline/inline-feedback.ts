// Owns inline feedback on the reader's page: buttons by marked passages and their popover, the feedback filter, quotes in the list, and "Comment on this" for selected text.
import type { CommentAnchor, FeedbackCounts, PublicComment } from '../../server/protocol/dto';
import { h } from '../dom';
import { errorText } from '../error-text';
import type { RememberedAuthor } from '../identity';
import type { CommentDraft, Outcome } from '../live';
import type { Messages } from '../messages/catalog';
import type { WidgetParts } from '../widget-parts';
import { enInline } from './en-inline';
import { anchorOfRange, findQuote } from './find-text';
import { INLINE_CSS, PASSAGE_BUTTON_CSS } from './inline-styles';

export interface InlineContext {
  parts: WidgetParts;
  messages: Messages;
  post(draft: CommentDraft): Promise<Outcome<PublicComment>>;
  showOwn(comment: PublicComment): void;
  author(): RememberedAuthor;
  remember(author: RememberedAuthor): void;
  /** Loads the list again, under the filter now in `parts.state.only`. */
  reload(): void;
}

export interface InlinePart {
  /** The thread's feedback counts (from a view or live), and whether the site lets readers quote any text. */
  update(counts: FeedbackCounts, isQuotingEnabled?: boolean): void;
  close(): void;
}

const PASSAGE = 'data-parley-passage';
/** The host page's question is untrusted text: shown as text, and only this much of it. */
const MAX_QUESTION = 300;
const MAX_PASSAGE_ID = 512;
const MAX_QUOTE = 500;
/** Feedback shown in a passage's popover. */
const LATEST = 3;

const fold = (text: string) => text.replace(/\s+/g, ' ').trim();
const short = (text: string) => (text.length > 140 ? `${text.slice(0, 139)}…` : text);

const adopted = new WeakSet<ShadowRoot>();

/** Adds the rules once per shadow root: into its one constructed sheet when it has one, as the live part does. */
function adopt(root: ShadowRoot, css: string): void {
  if (adopted.has(root)) return;
  adopted.add(root);
  try {
    const parsed = new CSSStyleSheet();
    parsed.replaceSync(css);
    const [sheet] = root.adoptedStyleSheets;
    if (!sheet) {
      root.adoptedStyleSheets = [parsed];
      return;
    }
    for (const rule of Array.from(parsed.cssRules)) sheet.insertRule(rule.cssText, sheet.cssRules.length);
  } catch {
    // No constructed sheets (older Safari): a <style> element, as the widget's own styles are there.
    root.append(h('style', null, css));
  }
}

interface Passage {
  el: HTMLElement;
  id: string;
  question: string;
  holder: HTMLElement;
  button: HTMLButtonElement;
}

export function attachInline(ctx: InlineContext): InlinePart {
  const { parts, messages } = ctx;
  const m = messages.inline ?? enInline;
  const { shadow, list, state } = parts;
  const host = shadow.host as HTMLElement;
  adopt(shadow, INLINE_CSS);
  let counts: FeedbackCounts = parts.view?.feedback ?? { threadId: 0, total: 0, byPassage: {} };
  let allCount = parts.view?.thread.commentCount ?? 0;
  let isQuoting = parts.view?.settings.isQuotingEnabled !== false;
  /** The widget and whatever it shows (in its shadow root, or any other) is not the article. */
  const isOurs = (node: Node) => node.getRootNode() !== document || host.contains(node);
  const countOf = (id: string) =>
    Object.prototype.hasOwnProperty.call(counts.byPassage, id) ? counts.byPassage[id] : 0;

  // The filter: every comment, or only feedback.
  const allButton = h('button', { type: 'button', onclick: () => choose(undefined) });
  const feedbackButton = h('button', { type: 'button', onclick: () => choose('feedback') });
  const filter = h(
    'div',
    { class: 'feedback-filter', role: 'group', 'aria-label': m.filtersLabel },
    allButton,
    feedbackButton,
  );
  parts.header.element.append(filter);

  function choose(only: 'feedback' | undefined): void {
    if (state.only === only) return;
    state.only = only;
    list.element.classList.toggle('only-feedback', only === 'feedback');
    renderFilter();
    ctx.reload();
  }

  function renderFilter(): void {
    allButton.textContent = m.allFilter(allCount);
    feedbackButton.textContent = m.feedbackFilter(counts.total);
    allButton.setAttribute('aria-pressed', String(state.only !== 'feedback'));
    feedbackButton.setAttribute('aria-pressed', String(state.only === 'feedback'));
    filter.hidden = counts.total === 0 && passages.length === 0 && state.only !== 'feedback';
  }

  const setCount = parts.setCount;
  parts.setCount = (count) => {
    setCount(count);
    allCount = count;
    renderFilter();
  };

  // Marked passages: a button with the count after each, in a shadow root of its own.
  let passages: Passage[] = [];
  function findPassages(): void {
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(`[${PASSAGE}]`))) {
      const id = (el.getAttribute(PASSAGE) ?? '').trim();
      if (id === '' || id.length > MAX_PASSAGE_ID || isOurs(el)) continue;
      const holder = h('span', { 'data-parley-passage-button': '' });
      const root = holder.attachShadow({ mode: 'open' });
      adopt(root, PASSAGE_BUTTON_CSS);
      const passage: Passage = {
        el,
        id,
        question: fold(el.getAttribute('data-parley-question') ?? '').slice(0, MAX_QUESTION),
        holder,
        button: h('button', {
          type: 'button',
          'aria-haspopup': 'dialog',
          'aria-expanded': 'false',
          onclick: () => openPassage(passage),
        }),
      };
      root.append(passage.button);
      el.after(holder);
      passages.push(passage);
    }
    renderPassages();
  }

  function renderPassages(): void {
    for (const p of passages) {
      const count = countOf(p.id);
      p.button.textContent = count === 0 ? '+' : String(count);
      p.button.setAttribute('aria-label', m.passageButton(count));
    }
  }

  // The popover: a question (or the quoted text), the latest feedback on a passage, a short form.
  let popover: { el: HTMLElement; opener: HTMLElement | null; place(): void } | null = null;

  function closePopover(isReturningFocus = true): void {
    if (!popover) return;
    const { el, opener } = popover;
    popover = null;
    el.remove();
    opener?.setAttribute('aria-expanded', 'false');
    if (isReturningFocus) opener?.focus();
  }

  function latestItem(comment: PublicComment): HTMLLIElement {
    return h('li', { dir: 'auto' }, h('b', null, comment.authorName), parts.safeFragment(comment.bodyHtml));
  }

  function openPopover(options: {
    title: string;
    anchor: NonNullable<CommentDraft['anchor']>;
    near(): DOMRect;
    opener: HTMLElement | null;
    passageId: string | null;
  }): void {
    closePopover(false);
    const titleId = `${parts.prefix}-popover-title`;
    const latest = h('ul', { 'aria-label': m.latest });
    const note = h('p', { class: 'comment-notice', role: 'status' });
    const name = h('input', {
      type: 'text',
      required: true,
      maxlength: 64,
      autocomplete: 'name',
      'aria-label': messages.form.nameLabel,
      placeholder: messages.form.nameLabel,
    });
    name.value = ctx.author().name;
    const body = h('textarea', {
      required: true,
      maxlength: 10_000,
      'aria-label': messages.form.bodyLabel,
      placeholder: m.bodyPlaceholder,
    });
    const send = h('button', { type: 'submit', class: 'button primary' }, m.send);
    const form = h(
      'form',
      {
        onsubmit: (event: Event) => {
          event.preventDefault();
          void submit();
        },
      },
      name,
      body,
      send,
      note,
    );
    const el = h(
      'div',
      {
        class: 'popover',
        role: 'dialog',
        'aria-labelledby': titleId,
        onkeydown: (event: Event) => {
          if ((event as KeyboardEvent).key !== 'Escape') return;
          event.stopPropagation();
          closePopover();
        },
      },
      h(
        'button',
        { type: 'button', class: 'button quiet close', 'aria-label': m.close, onclick: () => closePopover() },
        '×',
      ),
      h('h3', { id: titleId, dir: 'auto' }, options.title),
      options.passageId === null
        ? h('p', { class: 'anchor-quote', dir: 'auto' }, m.on(short(options.anchor.quote ?? '')))
        : latest,
      form,
    );

    async function submit(): Promise<void> {
      const authorName = name.value.trim();
      const text = body.value.trim();
      if (authorName === '' || text === '') return;
      send.disabled = true;
      const outcome = await ctx.post({ authorName, body: text, anchor: options.anchor });
      send.disabled = false;
      if (outcome.kind !== 'ok') {
        note.textContent = errorText(messages, outcome.kind === 'refused' ? outcome.error : null);
        return;
      }
      ctx.remember({ name: authorName, email: ctx.author().email });
      ctx.showOwn(outcome.data);
      body.value = '';
      // The send button was disabled while sending, which took the focus out of the dialog.
      body.focus();
      note.textContent = m.sent;
      latest.prepend(latestItem(outcome.data));
      latest.querySelector('.none')?.remove();
    }

    const place = () => {
      const rect = options.near();
      const left = Math.min(Math.max(8, rect.left), innerWidth - el.offsetWidth - 8);
      const below = rect.bottom + 8;
      const isAbove = below + el.offsetHeight > innerHeight && rect.top > el.offsetHeight + 16;
      el.style.left = `${Math.max(8, left)}px`;
      el.style.top = `${isAbove ? rect.top - el.offsetHeight - 8 : below}px`;
    };
    popover = { el, opener: options.opener, place };
    options.opener?.setAttribute('aria-expanded', 'true');
    parts.root.append(el);
    place();
    (name.value === '' ? name : body).focus();
    if (options.passageId !== null) void loadLatest(options.passageId, latest);
  }

  async function loadLatest(passageId: string, into: HTMLElement): Promise<void> {
    if (counts.threadId === 0) return;
    try {
      const res = await fetch(
        `${parts.origin}/api/threads/${counts.threadId}/comments?sort=newest&only=feedback&limit=50`,
        { credentials: 'omit' },
      );
      const page = (await res.json()) as { comments?: PublicComment[] };
      const found = (page.comments ?? []).filter((c) => c.anchor?.passageId === passageId).slice(0, LATEST);
      if (found.length === 0) into.append(h('li', { class: 'none' }, m.noneYet));
      for (const comment of found) into.append(latestItem(comment));
    } catch {
      // The form works without them: the latest feedback is also in the list.
    }
  }

  function openPassage(passage: Passage): void {
    openPopover({
      title: passage.question || m.onPassage,
      anchor: { passageId: passage.id, quote: fold(passage.el.textContent ?? '').slice(0, MAX_QUOTE) },
      near: () => passage.el.getBoundingClientRect(),
      opener: passage.button,
      passageId: passage.id,
    });
  }

  const onViewportChange = () => popover?.place();
  addEventListener('scroll', onViewportChange, { passive: true, capture: true });
  addEventListener('resize', onViewportChange);
  // A click outside the popover (and outside what opened it) closes it, the focus staying where the reader put it.
  const onPointerDown = (event: Event) => {
    const path = event.composedPath();
    if (popover && !path.includes(popover.el) && !(popover.opener && path.includes(popover.opener)))
      closePopover(false);
  };
  document.addEventListener('pointerdown', onPointerDown);

  // Quotes in the list: "On: '…'", with a link to the text when it is still on the page.
  let shown: Range | null = null;

  function locate(anchor: CommentAnchor): Range | null {
    if (anchor.passageId !== null) {
      const el = Array.from(document.querySelectorAll(`[${PASSAGE}]`)).find(
        (e) => (e.getAttribute(PASSAGE) ?? '').trim() === anchor.passageId,
      );
      if (el) {
        const range = document.createRange();
        range.selectNodeContents(el);
        return range;
      }
    }
    return findQuote(anchor, isOurs);
  }

  function reveal(anchor: CommentAnchor): void {
    const range = locate(anchor);
    if (!range) return;
    const el = range.startContainer instanceof Element ? range.startContainer : range.startContainer.parentElement;
    el?.scrollIntoView({ block: 'center' });
    shown = range;
    const selection = document.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    el?.animate?.([{ backgroundColor: 'rgba(250, 204, 21, .55)' }, { backgroundColor: 'transparent' }], 2500);
  }

  function decorate(item: Element): void {
    if (!(item instanceof HTMLLIElement) || item.classList.contains('is-feedback')) return;
    const placed = list.get(Number(item.id.slice('comment-'.length)));
    const anchor = placed && placed.comment.parentId === null ? placed.comment.anchor : null;
    if (!anchor) return;
    item.classList.add('is-feedback');
    const line = h(
      'p',
      { class: 'anchor-quote' },
      h('span', { dir: 'auto' }, anchor.quote === '' ? m.onPassage : m.on(short(anchor.quote))),
    );
    if (locate(anchor)) line.append(h('button', { type: 'button', onclick: () => reveal(anchor) }, m.showPassage));
    placed!.view.card.querySelector('.comment-main')?.prepend(line);
  }

  const observer = new MutationObserver((records) => {
    for (const record of records) for (const node of Array.from(record.addedNodes)) decorate(node as Element);
  });
  observer.observe(parts.panel, { childList: true, subtree: true });
  list.forEach((placed) => decorate(placed.view.item));

  // Quote any text: a button by a selection made in the article.
  const quoteButton = h(
    'button',
    {
      type: 'button',
      class: 'button primary quote-button',
      hidden: true,
      // Keeps the selection: a click on the button would otherwise clear it first.
      onmousedown: (event: Event) => event.preventDefault(),
      onclick: () => quoteSelection(),
    },
    m.commentOnThis,
  );
  parts.root.append(quoteButton);
  let selected: Range | null = null;

  function selectedRange(): Range | null {
    const selection = document.getSelection();
    if (!isQuoting || !selection || selection.isCollapsed || selection.rangeCount === 0) return null;
    const range = selection.getRangeAt(0);
    const start = range.startContainer;
    const element = start instanceof Element ? start : start.parentElement;
    if (range.intersectsNode(host) || isOurs(start) || element?.closest('input,textarea,[contenteditable]'))
      return null;
    if (fold(range.toString()) === '') return null;
    // The text a "Show in the article" link selected is not a new quote.
    if (
      shown &&
      range.compareBoundaryPoints(Range.START_TO_START, shown) === 0 &&
      range.compareBoundaryPoints(Range.END_TO_END, shown) === 0
    )
      return null;
    return range;
  }

  function onSelection(): void {
    const range = selectedRange();
    selected = range?.cloneRange() ?? null;
    quoteButton.hidden = selected === null;
    if (!range) return;
    const rect = range.getBoundingClientRect();
    quoteButton.style.left = `${Math.min(Math.max(8, rect.left), innerWidth - quoteButton.offsetWidth - 8)}px`;
    quoteButton.style.top = `${Math.min(rect.bottom + 6, innerHeight - quoteButton.offsetHeight - 8)}px`;
  }
  document.addEventListener('selectionchange', onSelection);

  function quoteSelection(): void {
    const range = selected;
    if (!range) return;
    quoteButton.hidden = true;
    openPopover({
      title: m.quoteTitle,
      anchor: anchorOfRange(range),
      near: () => range.getBoundingClientRect(),
      opener: null,
      passageId: null,
    });
  }

  findPassages();
  renderFilter();
  onSelection();

  return {
    update(next, isQuotingEnabled) {
      counts = next;
      if (isQuotingEnabled !== undefined) isQuoting = isQuotingEnabled;
      renderPassages();
      renderFilter();
    },
    close() {
      closePopover(false);
      observer.disconnect();
      removeEventListener('scroll', onViewportChange, { capture: true });
      removeEventListener('resize', onViewportChange);
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('selectionchange', onSelection);
      for (const p of passages) p.holder.remove();
      passages = [];
      filter.remove();
      quoteButton.remove();
      parts.setCount = setCount;
      state.only = undefined;
    },
  };
}
