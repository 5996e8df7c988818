// Owns the section tabs: a real tablist with arrow-key, Home and End movement and lazily shown panels.
import { h } from '../dom';

export interface TabSpec<K extends string> {
  key: K;
  label: string;
  panel: HTMLElement;
  /** Runs every time the tab is opened. */
  onShow?(): void;
}

export interface Tabs<K extends string> {
  list: HTMLElement;
  panels: HTMLElement[];
  select(key: K, options?: { focus?: boolean }): void;
  current(): K;
}

export function createTabs<K extends string>(
  label: string,
  specs: TabSpec<K>[],
  initial: K,
  onChange: (key: K) => void,
): Tabs<K> {
  const tabs = specs.map((spec) => {
    const tab = h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `tab-${spec.key}`,
        class: 'tab',
        'aria-controls': `panel-${spec.key}`,
        'aria-selected': 'false',
        tabindex: '-1',
        'data-tab': spec.key,
      },
      spec.label,
    );
    const panel = h(
      'section',
      {
        role: 'tabpanel',
        id: `panel-${spec.key}`,
        class: 'tabpanel',
        'aria-labelledby': `tab-${spec.key}`,
        hidden: true,
      },
      spec.panel,
    );
    return { spec, tab, panel };
  });
  let currentKey: K = initial;

  function select(key: K, { focus = false } = {}): void {
    const target = tabs.find((t) => t.spec.key === key) ?? tabs[0];
    currentKey = target.spec.key;
    for (const t of tabs) {
      const isOn = t === target;
      t.tab.setAttribute('aria-selected', String(isOn));
      t.tab.tabIndex = isOn ? 0 : -1;
      t.panel.hidden = !isOn;
    }
    if (focus) target.tab.focus();
    target.spec.onShow?.();
    onChange(currentKey);
  }

  const list = h('div', { role: 'tablist', class: 'tabs', 'aria-label': label }, ...tabs.map((t) => t.tab));
  list.addEventListener('click', (event) => {
    const tab = (event.target as HTMLElement).closest<HTMLElement>('[role="tab"]');
    if (tab?.dataset.tab) select(tab.dataset.tab as K);
  });
  list.addEventListener('keydown', (event) => {
    const index = tabs.findIndex((t) => t.tab === document.activeElement);
    if (index === -1) return;
    const last = tabs.length - 1;
    const next: Record<string, number> = {
      ArrowRight: index === last ? 0 : index + 1,
      ArrowLeft: index === 0 ? last : index - 1,
      Home: 0,
      End: last,
    };
    if (!(event.key in next)) return;
    event.preventDefault();
    select(tabs[next[event.key]].spec.key, { focus: true });
  });

  return { list, panels: tabs.map((t) => t.panel), select, current: () => currentKey };
}
