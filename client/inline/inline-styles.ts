// Owns the look of inline feedback inside Parley's shadow roots: the passage buttons, the popover, the filter and quotes.
export const INLINE_CSS = `.feedback-filter{display:flex;gap:.4rem;flex-wrap:wrap;flex-basis:100%;margin:0 0 .75rem}
.feedback-filter button{font:inherit;font-size:.875em;padding:.3rem .75rem;border-radius:999px;border:1px solid var(--border);background:none;color:inherit;cursor:pointer}
.feedback-filter button[aria-pressed="true"]{background:var(--accent);border-color:var(--accent);color:var(--on-accent)}
.only-feedback>li.comment:not(.is-feedback){display:none}
.anchor-quote{margin:0 0 .35rem;font-size:.875em;color:var(--muted);display:flex;flex-wrap:wrap;gap:.25rem .6rem}
.anchor-quote q{font-style:italic}
.anchor-quote button{font:inherit;background:none;border:0;padding:0;color:var(--accent);text-decoration:underline;cursor:pointer}
.popover{position:fixed;z-index:2147483646;inline-size:min(22rem,calc(100vw - 1rem));max-block-size:70vh;overflow:auto;padding:1rem;border-radius:var(--radius);border:1px solid var(--border);background:var(--parley-surface,#fff);color:var(--parley-text,#1f2328);box-shadow:0 8px 28px rgba(0,0,0,.22)}
.popover h3{margin:0 2rem .5rem 0;font-size:1em}
.popover .close{position:absolute;inset-block-start:.5rem;inset-inline-end:.5rem}
.popover ul{margin:0 0 .75rem;padding:0;list-style:none;display:grid;gap:.4rem;font-size:.9em}
.popover li b{margin-inline-end:.4rem}
.popover form{display:grid;gap:.5rem}
.popover textarea{min-height:4rem}
.quote-button{position:fixed;z-index:2147483646}
`;

/** The passage button's own shadow root: it sits in the host page, whose styles must not reach it. */
export const PASSAGE_BUTTON_CSS = `button{font:600 .75em/1 system-ui,sans-serif;margin-inline-start:.3em;padding:.2em .5em;border-radius:999px;border:1px solid currentColor;background:transparent;color:inherit;cursor:pointer;vertical-align:middle}
button:focus-visible{outline:2px solid #2563eb;outline-offset:2px}`;
