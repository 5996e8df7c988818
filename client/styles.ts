// Owns the first render's look and how it reaches the shadow root without needing 'unsafe-inline' from the host.

// Font and colour come from the host page; everything else is set here, inside the shadow
// root, so the host's rules cannot reach in and ours cannot leak out. Custom properties are
// the one door through, on purpose: sites theme the widget with them. Layout uses logical
// properties (inline-start, not left) so a right-to-left page mirrors it without a second sheet.
// Dark: the widget paints its own background, so its contrast does not depend on the host page.
// One declaration block serves both the explicit dark theme and auto under a dark system setting.
const DARK_THEME_CSS = `
  color-scheme: dark;
  --accent: var(--parley-accent, #8ab4ff);
  --muted: var(--parley-muted, #a8b0bd);
  --border: var(--parley-border, rgba(255, 255, 255, .2));
  --surface: var(--parley-surface, #1f232b);
  --tint: rgba(255, 255, 255, .07);
  --danger: #ff8a80;
  --warn: #fbbf24;
  --on-accent: #0b1220;
  color: var(--parley-text, #e8eaed);
  background: var(--parley-bg, #15171c);
  padding: 1rem 1.25rem;
  border-radius: var(--radius);
`;

const BASE_CSS = `
:host {
  display: block;
  color: var(--parley-text, inherit);
  font-family: var(--parley-font, inherit);
  background: var(--parley-bg, transparent);
}
*, *::before, *::after { box-sizing: border-box; }
/* Reserves the area before comments load, so arriving comments replace it instead of pushing the page. */
.parley[data-state="idle"], .parley[data-state="loading"] { min-height: 320px; }
.skeleton { display: grid; gap: 1rem; padding-block: 1rem; }
.skeleton span { display: block; height: 4.5rem; border-radius: var(--radius); background: var(--tint); }
.skeleton span:first-child { height: 2rem; inline-size: 40%; }
.form-slot { min-height: 14rem; margin-block-end: 1.75rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
[hidden] { display: none !important; }
.parley {
  --accent: var(--parley-accent, #2563eb);
  --muted: var(--parley-muted, #5b6270);
  --border: var(--parley-border, rgba(127, 127, 127, .3));
  --radius: var(--parley-radius, 10px);
  --surface: var(--parley-surface, #fff);
  --tint: rgba(127, 127, 127, .07);
  --accent-soft: color-mix(in srgb, var(--accent) 12%, transparent);
  --danger: #c62828;
  --warn: #b45309;
  --on-accent: #fff;
  line-height: 1.55;
  text-align: start;
  text-transform: none;
  text-indent: 0;
  letter-spacing: normal;
  word-spacing: normal;
  white-space: normal;
  overflow-wrap: anywhere;
}
`;

// Only what the first render draws: the header, the comments and their actions, the bubble.
// Forms, panels, the new-comments bar and arrivals are styled by the live part (live-styles.ts),
// which adds its rules after these: keep a rule here only if the first render can show it.
const READ_CSS = `
.head {
  display: flex; flex-wrap: wrap; align-items: flex-end; justify-content: space-between; gap: .5rem 1rem;
  margin-block-end: 1.1rem; border-block-end: 1px solid var(--border);
}
.count { margin: 0 0 .55rem; font-size: 1.3em; font-weight: 700; line-height: 1.25; }
.count:focus { outline: none; }
.tabs { display: flex; gap: .15rem; }
.tab {
  padding: .45rem .8rem .6rem; border: 0; background: none; cursor: pointer;
  color: var(--muted); font-size: .9em; font-weight: 600; border-radius: 6px 6px 0 0;
  box-shadow: inset 0 -2px 0 transparent; transition: color .15s, box-shadow .15s;
}
.tab:hover { color: inherit; }
.tab[aria-selected="true"] { color: inherit; box-shadow: inset 0 -3px 0 var(--accent); }
.status {
  flex-basis: 100%; margin: 0 0 .6rem; padding: .3rem .75rem; border-radius: 999px; font-size: .85em;
  background: rgba(217, 119, 6, .15); color: inherit;
}
.status:empty, .notice:empty, .comment-notice:empty { display: none; }
.notice { margin: 1.25rem 0; color: var(--muted); }
.notice.banner { padding: .6rem .9rem; border: 1px solid var(--border); border-radius: var(--radius); background: var(--tint); color: inherit; }
button { font: inherit; color: inherit; margin: 0; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.comment-card:focus { outline: none; }
.comment-card:focus-visible { outline: 2px solid var(--accent); outline-offset: 0; }

.thread, .replies { list-style: none; margin: 0; padding: 0; }
.thread > .comment + .comment { border-block-start: 1px solid var(--border); }
.comment { padding-block-start: .6rem; }
.thread > .comment { padding-block: .5rem; }
/* Replies sit in a column beside the thread line, one step in per level, every level deep. */
.comment { display: grid; grid-template-columns: var(--step) minmax(0, 1fr); --step: 2.2rem; }
.comment > * { grid-column: 1 / -1; }
.comment > .replies, .comment > .more-replies { grid-column: 2; }
/* Past three levels the step narrows, and "in reply to" names the answered comment instead. */
.replies .replies .replies .comment { --step: 1.2rem; }
.thread-line {
  grid-column: 1; grid-row: 2 / span 2; position: relative; min-height: 1.25rem;
  padding: 0; border: 0; background: none; cursor: pointer;
}
.thread-line::before {
  content: ""; position: absolute; inset-block: .3rem 0; inset-inline-start: calc(50% - 1px);
  border-inline-start: 2px solid var(--border);
}
.thread-line:hover::before { border-color: var(--accent); }
.thread-line[aria-expanded="false"]::before { border-inline-start-style: dashed; }
.parent-to { display: none; }
.replies .replies .replies .replies .parent-to, .replies > .comment + .comment > .comment-card .parent-to { display: inline; }
.comment-card {
  display: grid; grid-template-columns: auto minmax(0, 1fr); gap: .8rem;
  padding: .55rem .6rem; margin-inline: -.6rem; border-radius: var(--radius);
}
.avatar {
  display: inline-flex; align-items: center; justify-content: center;
  width: 2.5rem; height: 2.5rem; border-radius: 50%;
  color: #fff; font-weight: 700; font-size: .9em; letter-spacing: .02em; line-height: 1;
  font-family: system-ui, -apple-system, "Segoe UI", sans-serif; user-select: none;
}
.replies .avatar { width: 2rem; height: 2rem; font-size: .78em; }
.meta { display: flex; flex-wrap: wrap; align-items: baseline; gap: .1rem .55rem; }
.author { font-weight: 700; }
time { color: var(--muted); font-size: .85em; }
.badge {
  padding: .05rem .5rem; border-radius: 999px; font-size: .72em; font-weight: 700;
  letter-spacing: .03em; background: var(--tint); align-self: center;
}
.pinned-badge { background: var(--accent-soft); color: var(--accent); }
.pending { background: rgba(217, 119, 6, .16); color: var(--warn); }
:is(.body, .preview) { margin-block-start: .15rem; }
:is(.body, .preview) > :first-child { margin-block-start: 0; }
:is(.body, .preview) > :last-child { margin-block-end: 0; }
:is(.body, .preview) p, :is(.body, .preview) ul, :is(.body, .preview) ol, :is(.body, .preview) pre, :is(.body, .preview) blockquote { margin: .5em 0; }
:is(.body, .preview) ul, :is(.body, .preview) ol { padding-inline-start: 1.4em; }
:is(.body, .preview) a { color: var(--accent); text-decoration: underline; text-underline-offset: 2px; }
:is(.body, .preview) code, :is(.body, .preview) pre {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88em;
  background: var(--tint); border-radius: 5px;
}
:is(.body, .preview) code { padding: .1em .3em; }
:is(.body, .preview) pre { padding: .7em .9em; overflow-x: auto; white-space: pre; overflow-wrap: normal; }
:is(.body, .preview) pre code { padding: 0; background: none; }
:is(.body, .preview) blockquote { margin-inline: 0; padding-inline-start: .9em; border-inline-start: 3px solid var(--border); color: var(--muted); }
.edited, .reply-to { color: var(--muted); font-size: .85em; }
.edited::before, .reply-to::before { content: "· "; }
.placeholder { margin: .45rem 0; color: var(--muted); font-style: italic; }
.is-placeholder .avatar { background: var(--tint); border: 1px dashed var(--border); }

.comment-actions { display: flex; flex-wrap: wrap; align-items: center; gap: .15rem .35rem; margin-block-start: .3rem; margin-inline-start: -.45rem; }
.action, .more-replies {
  display: inline-flex; align-items: center; min-height: 2rem; padding: .2rem .45rem;
  background: none; border: 0; border-radius: 6px; cursor: pointer;
  color: var(--muted); font-size: .85em; font-weight: 600; text-decoration: none;
}
.action:hover { color: var(--accent); background: var(--tint); }
.action:disabled { cursor: default; opacity: .7; }
.action:disabled:hover { color: var(--muted); background: none; }
.delete-button:hover { color: var(--danger); }
.votes { display: inline-flex; align-items: center; border-radius: 999px; background: var(--tint); margin-inline-end: .2rem; }
.vote {
  display: inline-flex; align-items: center; justify-content: center; width: 2rem; height: 2rem;
  padding: 0; border: 0; border-radius: 50%; background: none; cursor: pointer; color: var(--muted); font-size: .72em;
}
.vote:hover:not(:disabled) { color: var(--accent); background: var(--accent-soft); }
.vote-down:hover:not(:disabled) { color: var(--danger); background: rgba(198, 40, 40, .1); }
.vote[aria-pressed="true"] { color: var(--on-accent); background: var(--accent); }
.vote-down[aria-pressed="true"] { background: var(--danger); }
.vote:disabled { cursor: not-allowed; opacity: .45; }
.reactions { display: inline-flex; flex-wrap: wrap; gap: .25rem; margin-inline-end: .2rem; }
.reaction {
  display: inline-flex; align-items: center; gap: .2rem; min-height: 2rem; padding: 0 .55rem; border: 1px solid var(--border);
  border-radius: 999px; background: none; color: inherit; font: inherit; font-size: .85em; cursor: pointer;
}
.reaction:hover:not(:disabled) { background: var(--accent-soft); }
.reaction[aria-pressed="true"] { border-color: var(--accent); background: var(--accent-soft); font-weight: 700; }
.reaction:disabled { cursor: not-allowed; }
.reaction-add { color: var(--muted); }
.score { min-width: 1.6rem; text-align: center; font-weight: 700; font-size: .88em; font-variant-numeric: tabular-nums; }
.score.is-negative { color: var(--danger); }
.comment-notice { margin: .3rem 0 0; font-size: .875em; color: var(--muted); }
.comment-notice.is-error { color: var(--danger); font-weight: 600; }
.more-replies { margin-block-start: .35rem; color: var(--accent); }
.more-replies:hover { background: var(--accent-soft); }

.pinned { margin-block-end: .75rem; }
.comment-card.is-pinned { background: var(--accent-soft); }
/* The bubble is fixed to the viewport; its notes (invite, toasts) are styled by the live part. */
.dock {
  position: fixed; bottom: 1rem; inset-inline-end: 1rem; z-index: 2147483000;
  display: flex; flex-direction: column; align-items: flex-end; gap: .5rem;
}
.dock[data-side="left"] { left: 1rem; right: auto; align-items: flex-start; }
.dock[data-side="right"] { right: 1rem; left: auto; }
.bubble {
  display: inline-flex; align-items: center; justify-content: center; gap: .4rem; min-width: 3rem; height: 3rem; padding: 0 1rem;
  border: 0; border-radius: 999px; cursor: pointer; background: var(--parley-accent, #1d4ed8); color: #fff;
  font-weight: 700; font-variant-numeric: tabular-nums; box-shadow: 0 4px 14px rgba(0, 0, 0, .3);
}
.bubble::before { content: ""; width: 1.1rem; height: .9rem; border: 2px solid; border-radius: 5px 5px 5px 1px; }
.bubble:focus-visible { outline: 3px solid var(--parley-accent, #1d4ed8); outline-offset: 3px; box-shadow: 0 0 0 3px #fff; }
@media (prefers-reduced-motion: reduce) {
  .tab { transition: none; }
}
@media (max-width: 30rem) {
  .comment { --step: .9rem; }
  .replies .replies .comment { --step: .55rem; }
  .replies .replies .replies .parent-to { display: inline; }
  .comment-card { gap: .6rem; }
  .avatar { width: 2.1rem; height: 2.1rem; }
  .tab { padding-inline: .55rem; }
}
`;

export const WIDGET_CSS =
  BASE_CSS +
  `.parley[data-theme="dark"]{${DARK_THEME_CSS}}` +
  `@media (prefers-color-scheme:dark){.parley[data-theme="auto"]{${DARK_THEME_CSS}}}` +
  READ_CSS;

/** Constructable sheets need no inline-style permission under CSP; a <style> is the fallback for old engines. */
export function attachStyles(shadow: ShadowRoot): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(WIDGET_CSS);
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
    return;
  } catch {
    // Constructable stylesheets are missing (older Safari): fall back to an element.
  }
  const style = document.createElement('style');
  style.textContent = WIDGET_CSS;
  shadow.appendChild(style);
}
