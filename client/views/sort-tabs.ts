// Owns the sort tabs: an ARIA tablist (arrows move, Enter or Space or a click chooses) over the comment list.
import type { SortOrder } from '../../server/protocol/dto';
import { SORT_ORDERS } from '../sort-orders';
import { h } from '../dom';
import type { ReadMessages } from '../messages/catalog';
import { attachRovingFocus, setTabStop } from './roving-focus';

export interface SortTabsView {
  element: HTMLElement;
  /** The id of the selected tab, which labels the list's tab panel. */
  selectedId(): string;
  select(sort: SortOrder): void;
}

export function createSortTabs(options: {
  messages: ReadMessages;
  idPrefix: string;
  panelId: string;
  initial: SortOrder;
  onChoose(sort: SortOrder): void;
}): SortTabsView {
  const { messages, idPrefix, panelId } = options;
  let current = options.initial;
  // Buttons: Enter and Space choose through their click, as the tab pattern asks.
  const tabs = SORT_ORDERS.map((sort) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        class: 'tab',
        id: `${idPrefix}-sort-${sort}`,
        'aria-controls': panelId,
        'data-sort': sort,
        onclick: () => choose(sort),
      },
      messages.sort[sort],
    ),
  );
  const element = h('div', { class: 'tabs', role: 'tablist', 'aria-label': messages.sort.label }, ...tabs);
  attachRovingFocus(element, tabs);
  // Leaving the tab list, the next Tab back lands on the chosen tab, not the last one arrowed to.
  element.addEventListener('focusout', (event) => {
    if (!element.contains(event.relatedTarget as Node | null)) setTabStop(tabs, tabs[SORT_ORDERS.indexOf(current)]);
  });

  function show(sort: SortOrder): void {
    current = sort;
    tabs.forEach((tab, i) => tab.setAttribute('aria-selected', String(SORT_ORDERS[i] === sort)));
    setTabStop(tabs, tabs[SORT_ORDERS.indexOf(sort)]);
  }

  function choose(sort: SortOrder): void {
    if (sort === current) return;
    show(sort);
    options.onChoose(sort);
  }

  show(current);
  return { element, selectedId: () => tabs[SORT_ORDERS.indexOf(current)].id, select: show };
}
