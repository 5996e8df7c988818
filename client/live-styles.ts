// Owns the look of what only the live part shows (forms, panels, new comments, the bubble's notes), added to the widget's sheet when that part arrives.

// These rules come after the first render's (styles.ts) in the same sheet, and the cascade
// relies on that order where specificities tie (a permalink's target over a pinned card).
export const LIVE_CSS = `
.form { display: grid; gap: .75rem; margin: 0 0 1.75rem; }
.reply-form, .edit-form, .panel {
  margin: .6rem 0 .25rem; padding: .9rem; border: 1px solid var(--border);
  border-radius: var(--radius); background: var(--tint);
}
.edit-form { margin-block-start: .35rem; }
.notify { display: flex; gap: .45rem; align-items: center; grid-column: 1 / -1; }
.notify input, .choice input { display: inline; width: auto; margin: 0; }
.subscribe-panel fieldset { border: 0; padding: 0; margin: 0 0 .6rem; }
.choice { display: flex; gap: .45rem; align-items: center; margin-top: .3rem; }
.reaction-picker { display: flex; flex-wrap: wrap; gap: .3rem; margin: .4rem 0; }
.reaction-picker .reaction { font-size: 1.1em; }
.author-fields { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: .75rem; }
.field { display: grid; gap: .3rem; align-content: start; min-width: 0; }
label, legend { font-size: .85em; font-weight: 600; }
.hint { font-weight: 400; color: var(--muted); font-size: .85em; }
input, textarea { font: inherit; color: inherit; margin: 0; }
input:not([type="radio"]), textarea {
  display: block; width: 100%; max-width: 100%;
  padding: .55rem .7rem;
  border: 1px solid var(--border); border-radius: calc(var(--radius) * .7);
  background: var(--parley-bg, var(--surface));
  line-height: 1.45;
  transition: border-color .15s, box-shadow .15s;
}
textarea { resize: vertical; min-height: 5.5rem; }
.reply-form textarea, .edit-form textarea { min-height: 4.5rem; }
input:focus, textarea:focus, .composer:focus-within {
  outline: none; border-color: var(--accent);
  box-shadow: 0 0 0 3px color-mix(in srgb, var(--accent) 25%, transparent);
}
input::placeholder, textarea::placeholder { color: var(--muted); opacity: 1; }
[aria-invalid="true"] { border-color: var(--danger); }
.field-error:empty, .form-error:empty { display: none; }
.field-error, .form-error { margin: 0; color: var(--danger); font-size: .875em; }
.form-error { font-weight: 600; }
.trap { position: absolute; inset-inline-start: -10000px; width: 1px; height: 1px; overflow: hidden; }
.form-actions { display: flex; flex-wrap: wrap; align-items: center; justify-content: flex-end; gap: .5rem .75rem; }
.shortcut { margin-inline-end: auto; }

.composer {
  border: 1px solid var(--border); border-radius: calc(var(--radius) * .7);
  background: var(--parley-bg, var(--surface)); transition: border-color .15s, box-shadow .15s;
}
.composer textarea, .composer textarea:focus { border: 0; box-shadow: none; background: transparent; }
.composer-bar {
  display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .25rem .75rem;
  padding: .2rem .45rem; border-block-start: 1px solid var(--border);
}
.guest-label { margin: 0 0 .5rem; font-size: .9em; }
.markdown-hint { margin: 0; padding: .1rem .6rem .35rem; }
.mode-tabs { display: flex; gap: .25rem; margin-block-end: .3rem; }
.mode-tab {
  padding: .2rem .6rem; border: 0; border-block-end: 2px solid transparent; background: none;
  color: var(--muted); font: inherit; font-size: .9em; cursor: pointer;
}
.mode-tab[aria-selected="true"] { color: inherit; border-color: var(--accent); font-weight: 600; }
.preview {
  min-height: 5.5rem; padding: .5rem .75rem; border: 1px solid var(--border);
  border-radius: calc(var(--radius) * .7);
}
.format-bar { display: flex; flex-wrap: wrap; align-items: center; gap: .25rem .75rem; min-width: 0; }
.toolbar { display: flex; gap: .1rem; }
.format {
  min-width: 2rem; height: 2rem; padding: 0 .45rem; border: 0; border-radius: 6px; background: none;
  color: var(--muted); font-weight: 700; font-size: .9em; cursor: pointer;
}
.format:hover { background: var(--tint); color: inherit; }
.format-italic span { font-style: italic; font-family: Georgia, serif; }
.format-code span { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85em; }
.format-link span { text-decoration: underline; text-underline-offset: 2px; font-weight: 600; }
.link-field { display: grid; gap: .25rem; padding: .35rem 0; }
.link-row { display: flex; gap: .4rem; }
.link-row input { padding: .3rem .55rem; min-width: 10rem; }
.counter { margin-inline-start: auto; color: var(--muted); font-size: .8em; font-variant-numeric: tabular-nums; }
.counter.is-near { color: var(--warn); font-weight: 600; }
.counter.is-over { color: var(--danger); font-weight: 700; }

.button {
  display: inline-flex; align-items: center; justify-content: center;
  min-height: 2.4rem; padding: .45rem 1.1rem; cursor: pointer;
  border-radius: 999px; border: 1px solid transparent; font-weight: 600; font-size: .95em;
  line-height: 1.2;
}
.button.small { min-height: 2rem; padding: .3rem .9rem; font-size: .88em; }
.primary { background: var(--accent); color: var(--on-accent); }
.danger { background: var(--danger); color: var(--on-accent); }
.primary:hover, .danger:hover { filter: brightness(1.08); }
.primary:disabled, .danger:disabled { opacity: .65; cursor: progress; }
.quiet { background: transparent; border-color: var(--border); }
.quiet:hover { background: var(--tint); }

.list-panel[aria-busy="true"] .thread { opacity: .5; transition: opacity .2s; }
.panel-title { margin: 0 0 .5rem; font-size: 1em; }
.panel p { margin: 0 0 .6rem; }
.confirm .form-actions, .report-dialog .form-actions { justify-content: flex-start; }
.reasons { display: flex; flex-wrap: wrap; gap: .3rem 1.1rem; margin: 0 0 .7rem; padding: 0; border: 0; }
.reasons legend { padding: 0; margin-block-end: .35rem; }
.reason { display: inline-flex; align-items: center; gap: .35rem; font-weight: 400; font-size: .95em; cursor: pointer; }
input[type="radio"] { margin: 0; accent-color: var(--accent); width: 1rem; height: 1rem; }
.report-dialog .field { margin-block-end: .6rem; }
.report-dialog textarea { min-height: 3.5rem; }

.linked {
  margin-block-end: 1.25rem; padding: .75rem 1rem; border: 1px solid var(--border);
  border-inline-start: 3px solid var(--accent); border-radius: var(--radius);
}
.section-title { margin: 0 0 .25rem; font-size: .78em; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.new-bar {
  position: sticky; top: .75rem; z-index: 2; display: block; margin: 0 auto 1rem; padding: .5rem 1.2rem;
  border: 0; border-radius: 999px; cursor: pointer; background: var(--accent); color: var(--on-accent);
  font-weight: 700; font-size: .9em; box-shadow: 0 4px 14px rgba(0, 0, 0, .18);
}
.new-bar::before { content: "↑ " / ""; }
.new-bar:hover { filter: brightness(1.08); }
.more { display: flex; margin: 1.25rem auto 0; }

.is-new > .comment-card { animation: parley-arrive 2.4s ease-out; }
@keyframes parley-arrive { from { background: color-mix(in srgb, var(--accent) 16%, transparent); } to { background: transparent; } }
.is-target > .comment-card { background: var(--accent-soft); box-shadow: 0 0 0 2px color-mix(in srgb, var(--accent) 45%, transparent); }

/* On a phone the bubble would cover the comments' own buttons; while they are in view it is not needed. */
@media (max-width: 40rem) { .dock[data-area-in-view] .bubble { display: none; } }
/* The dock sits outside .parley (fixed to the viewport), so its notes carry their own small palette. */
.notes{--s:var(--parley-surface,#fff);--i:#1d2330;--l:var(--parley-accent,#1d4ed8);display:grid;gap:.5rem;max-width:min(22rem,calc(100vw - 2rem));line-height:1.45}
.dock[data-theme=dark] .notes{--s:var(--parley-surface,#1f232b);--i:#e8eaed;--l:var(--parley-accent,#8ab4ff)}
@media (prefers-color-scheme:dark){.dock[data-theme=auto] .notes{--s:var(--parley-surface,#1f232b);--i:#e8eaed;--l:var(--parley-accent,#8ab4ff)}}
.invite,.toast{display:flex;gap:.5rem;margin:0;padding:.7rem .9rem;border-radius:10px;color:var(--i);background:var(--s);border:1px solid rgba(127,127,127,.35);box-shadow:0 6px 20px rgba(0,0,0,.2)}
.invite-close{width:1.75rem;height:1.75rem;border:0;border-radius:50%;background:none;cursor:pointer;font-size:1.25em;line-height:1}
.toast{flex-direction:column;gap:.15rem}
.toast a{align-self:start;color:var(--l);font-weight:600}
.notes :focus-visible{outline:2px solid var(--l)}
@media (prefers-reduced-motion:no-preference){.invite,.toast{animation:parley-rise .25s}}
@keyframes parley-rise{from{opacity:0;transform:translateY(.5rem)}}

@media (prefers-reduced-motion: reduce) {
  .is-new > .comment-card { animation: none; }
  input, textarea, .composer { transition: none; }
}
@media (max-width: 30rem) {
  .shortcut { display: none; }
}
`;

const adopted = new WeakSet<ShadowRoot>();

/**
 * Once per shadow root (a page switch attaches the live part again), into the widget's own
 * sheet, after the first render's rules: one sheet per widget, and the order the cascade needs.
 */
export function adoptLiveStyles(shadow: ShadowRoot): void {
  if (adopted.has(shadow)) return;
  adopted.add(shadow);
  const [sheet] = shadow.adoptedStyleSheets;
  if (sheet) {
    const parsed = new CSSStyleSheet();
    parsed.replaceSync(LIVE_CSS);
    for (const rule of Array.from(parsed.cssRules)) sheet.insertRule(rule.cssText, sheet.cssRules.length);
    return;
  }
  // No constructed sheet (older Safari): the widget's styles are a <style> element, and so are these.
  const style = document.createElement('style');
  style.textContent = LIVE_CSS;
  shadow.appendChild(style);
}
