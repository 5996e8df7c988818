// Owns arrow-key movement inside a composite widget (tabs, toolbar): one tab stop, arrows move between items.

const STEP: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

/** Makes `current` the group's only tab stop. */
export function setTabStop(items: readonly HTMLElement[], current: HTMLElement): void {
  for (const item of items) item.tabIndex = item === current ? 0 : -1;
}

export function attachRovingFocus(container: HTMLElement, items: readonly HTMLElement[]): void {
  container.addEventListener('keydown', (event) => {
    const index = items.indexOf(event.target as HTMLElement);
    if (index < 0) return;
    let next: number | null = null;
    let step = STEP[event.key];
    // Right-to-left pages mirror the horizontal arrows.
    if (step !== undefined && /^Arrow(Left|Right)$/.test(event.key) && getComputedStyle(container).direction === 'rtl')
      step = -step;
    if (step !== undefined) next = index + step;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = items.length - 1;
    if (next === null) return;
    event.preventDefault();
    const target = items[(next + items.length) % items.length];
    setTabStop(items, target);
    target.focus();
  });
  container.addEventListener('focusin', (event) => {
    if (items.includes(event.target as HTMLElement)) setTabStop(items, event.target as HTMLElement);
  });
}
