// Owns the look of the bubble's invite and toasts: loaded with the live part, so the first render does not carry it.

// The dock sits outside .parley (fixed to the viewport), so its notes carry their own small palette.
// Written compact: it counts against the budget of everything the widget can load.
export const BUBBLE_CSS = `
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
`;

const adopted = new WeakSet<ShadowRoot>();

/** Once per shadow root (a page switch attaches the live part again), into the widget's own sheet: one sheet per widget. */
export function adoptBubbleStyles(shadow: ShadowRoot): void {
  if (adopted.has(shadow)) return;
  adopted.add(shadow);
  const [sheet] = shadow.adoptedStyleSheets;
  if (sheet) {
    const parsed = new CSSStyleSheet();
    parsed.replaceSync(BUBBLE_CSS);
    for (const rule of Array.from(parsed.cssRules)) sheet.insertRule(rule.cssText, sheet.cssRules.length);
    return;
  }
  // No constructed sheet (older Safari): the widget's styles are a <style> element, and so are these.
  const style = document.createElement('style');
  style.textContent = BUBBLE_CSS;
  shadow.appendChild(style);
}
