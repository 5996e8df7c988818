// Owns the widget's look and how it reaches the shadow root without needing 'unsafe-inline' from the host.

// Font and colour come from the host page; everything else is set here, inside the shadow
// root, so the host's rules cannot reach in and ours cannot leak out. Custom properties are
// the one door through, on purpose: sites theme the widget with them.
export const WIDGET_CSS = `
:host {
  display: block;
  color: var(--parley-text, inherit);
  font-family: var(--parley-font, inherit);
  background: var(--parley-bg, transparent);
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.parley {
  --accent: var(--parley-accent, #2563eb);
  --muted: var(--parley-muted, #6b7280);
  --border: var(--parley-border, rgba(127, 127, 127, .3));
  --radius: var(--parley-radius, 10px);
  --tint: rgba(127, 127, 127, .07);
  --danger: #c62828;
  line-height: 1.55;
  text-align: start;
  text-transform: none;
  text-indent: 0;
  letter-spacing: normal;
  word-spacing: normal;
  white-space: normal;
  overflow-wrap: anywhere;
}
.head { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: .25rem 1rem; margin-bottom: 1rem; }
.count { margin: 0; font-size: 1.3em; font-weight: 700; line-height: 1.25; }
.status {
  margin: 0; padding: .3rem .75rem; border-radius: 999px; font-size: .85em;
  background: rgba(217, 119, 6, .15); color: inherit;
}
.status:empty, .notice:empty, .field-error:empty, .form-error:empty { display: none; }
.notice { margin: 1.25rem 0; color: var(--muted); }

.form { display: grid; gap: .75rem; margin: 0 0 1.5rem; }
.reply-form {
  margin: .75rem 0 .25rem; padding: .9rem; border: 1px solid var(--border);
  border-radius: var(--radius); background: var(--tint);
}
.author-fields { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: .75rem; }
.field { display: grid; gap: .3rem; align-content: start; min-width: 0; }
label { font-size: .85em; font-weight: 600; }
.hint { font-weight: 400; color: var(--muted); font-size: .85em; }
input, textarea, button { font: inherit; color: inherit; margin: 0; }
input, textarea {
  display: block; width: 100%; max-width: 100%;
  padding: .55rem .7rem;
  border: 1px solid var(--border); border-radius: calc(var(--radius) * .7);
  background: var(--parley-bg, var(--tint));
  line-height: 1.45;
  transition: border-color .15s, box-shadow .15s;
}
textarea { resize: vertical; min-height: 5.5rem; }
.reply-form textarea { min-height: 4.5rem; }
input:focus, textarea:focus {
  outline: none; border-color: var(--accent);
  box-shadow: 0 0 0 3px rgba(37, 99, 235, .25);
  box-shadow: 0 0 0 3px color-mix(in srgb, var(--accent) 25%, transparent);
}
input::placeholder, textarea::placeholder { color: var(--muted); opacity: 1; }
[aria-invalid="true"] { border-color: var(--danger); }
.field-error, .form-error { margin: 0; color: var(--danger); font-size: .875em; }
.form-error { font-weight: 600; }
.trap { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
.form-actions { display: flex; flex-wrap: wrap; align-items: center; justify-content: flex-end; gap: .5rem .75rem; }
.shortcut { margin-inline-end: auto; }

.button {
  display: inline-flex; align-items: center; justify-content: center;
  min-height: 2.4rem; padding: .45rem 1.1rem; cursor: pointer;
  border-radius: 999px; border: 1px solid transparent; font-weight: 600; font-size: .95em;
  line-height: 1.2;
}
.primary { background: var(--accent); color: #fff; }
.primary:hover { filter: brightness(1.08); }
.primary:disabled { opacity: .65; cursor: progress; }
.quiet { background: transparent; border-color: var(--border); }
.quiet:hover { background: var(--tint); }
button:focus-visible, a:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }

.thread, .replies { list-style: none; margin: 0; padding: 0; }
.thread > .comment + .comment { border-top: 1px solid var(--border); }
.comment { padding-top: 1.1rem; }
.thread > .comment:first-child { padding-top: .25rem; }
.replies { margin-inline-start: 1.3rem; padding-inline-start: 1rem; border-inline-start: 2px solid var(--border); }
.comment-card { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: .8rem; border-radius: var(--radius); }
.avatar {
  display: inline-flex; align-items: center; justify-content: center;
  width: 2.5rem; height: 2.5rem; border-radius: 50%;
  color: #fff; font-weight: 700; font-size: .9em; letter-spacing: .02em; line-height: 1;
  font-family: system-ui, -apple-system, "Segoe UI", sans-serif; user-select: none;
}
.replies .avatar { width: 2rem; height: 2rem; font-size: .78em; }
.meta { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 .6rem; }
.author { font-weight: 700; }
time { color: var(--muted); font-size: .85em; }
.body { margin-top: .15rem; }
.body > :first-child { margin-top: 0; }
.body > :last-child { margin-bottom: 0; }
.body p, .body ul, .body ol, .body pre, .body blockquote { margin: .5em 0; }
.body ul, .body ol { padding-inline-start: 1.4em; }
.body a { color: var(--accent); text-decoration: underline; text-underline-offset: 2px; }
.body code, .body pre {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88em;
  background: var(--tint); border-radius: 5px;
}
.body code { padding: .1em .3em; }
.body pre { padding: .7em .9em; overflow-x: auto; white-space: pre; overflow-wrap: normal; }
.body pre code { padding: 0; background: none; }
.body blockquote { padding-inline-start: .9em; border-inline-start: 3px solid var(--border); color: var(--muted); }
.comment-actions { margin-top: .2rem; }
.edited, .reply-to { color: var(--muted); font-size: .85em; }
.edited::before, .reply-to::before { content: "· "; }
.placeholder { margin: .45rem 0; color: var(--muted); font-style: italic; }
.is-placeholder .avatar { background: var(--tint); border: 1px dashed var(--border); }
.pending {
  display: inline-block; margin: .3rem 0 .1rem; padding: .1rem .6rem; border-radius: 999px;
  font-size: .8em; background: rgba(217, 119, 6, .15);
}
.replies:empty { display: none; }
.is-closed .reply-button { display: none; }
.notice.banner { padding: .6rem .9rem; border: 1px solid var(--border); border-radius: var(--radius); background: var(--tint); color: inherit; }
.more { display: flex; margin: 1.25rem auto 0; }
.reply-button {
  padding: .2rem .5rem; margin-inline-start: -.5rem; min-height: 2rem;
  background: none; border: 0; border-radius: 6px; cursor: pointer;
  color: var(--muted); font-size: .85em; font-weight: 600;
}
.reply-button:hover { color: var(--accent); background: var(--tint); }

.is-new > .comment-card { animation: parley-arrive 2.4s ease-out; }
@keyframes parley-arrive { from { background: color-mix(in srgb, var(--accent) 14%, transparent); } to { background: transparent; } }
@media (prefers-reduced-motion: reduce) {
  .is-new > .comment-card { animation: none; }
  input, textarea { transition: none; }
}
@media (max-width: 30rem) {
  .replies { margin-inline-start: .4rem; padding-inline-start: .7rem; }
  .comment-card { gap: .6rem; }
  .avatar { width: 2.1rem; height: 2.1rem; }
  .shortcut { display: none; }
}
`;

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
