// Owns the Bans section: the active bans and lifting one.
import { clear, h } from '../dom';
import type { AdminApi } from './api';
import type { Ban } from './api-types';
import { describeError } from './error-text';
import { dateElement, timeElement } from './format';
import { messages } from './messages';

export interface BansView {
  element: HTMLElement;
  load(): Promise<void>;
}

export function createBansView({
  api,
  announce,
}: {
  api: AdminApi;
  announce(text: string, tone?: 'ok' | 'error'): void;
}): BansView {
  const m = messages.bans;
  const rows = h('tbody');
  const empty = h('p', { class: 'list-empty', hidden: true }, m.empty);
  const error = h('p', { class: 'form-error', role: 'alert' });
  const c = m.columns;
  const tableWrap = h(
    'div',
    { class: 'table-wrap', hidden: true },
    h(
      'table',
      { class: 'table', 'aria-labelledby': 'bans-heading' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ...[c.kind, c.value, c.reason, c.by, c.created, c.expires, c.actions].map((label) =>
            h('th', { scope: 'col' }, label),
          ),
        ),
      ),
      rows,
    ),
  );
  let token = 0;

  function showEmpty(): void {
    const isEmpty = rows.childElementCount === 0;
    empty.hidden = !isEmpty;
    tableWrap.hidden = isEmpty;
  }

  function renderRow(ban: Ban): HTMLTableRowElement {
    const lift: HTMLButtonElement = h(
      'button',
      {
        type: 'button',
        class: 'button small',
        'aria-label': m.liftLabel(ban.kind, ban.value),
        onclick: async () => {
          lift.disabled = true;
          error.textContent = '';
          try {
            await api.liftBan(ban.id);
            announce(m.lifted);
            const hadFocus = row.contains(document.activeElement);
            row.remove();
            showEmpty();
            if (hadFocus) (rows.querySelector<HTMLButtonElement>('button') ?? refresh).focus();
          } catch (err) {
            error.textContent = describeError(err);
            announce(messages.actions.failed(describeError(err)), 'error');
            lift.disabled = false;
          }
        },
      },
      m.lift,
    );
    const row = h(
      'tr',
      { 'data-ban-id': String(ban.id) },
      h('td', null, m.kinds[ban.kind]),
      h('th', { scope: 'row' }, h('code', null, ban.value)),
      h('td', null, ban.reason ?? ''),
      h('td', null, ban.createdBy ?? ''),
      h('td', null, timeElement(ban.createdAt)),
      h('td', null, ban.expiresAt ? dateElement(ban.expiresAt) : m.never),
      h('td', { class: 'row-actions' }, lift),
    );
    return row;
  }

  async function load(): Promise<void> {
    const mine = ++token;
    error.textContent = '';
    try {
      const bans = await api.listBans();
      if (mine !== token) return;
      clear(rows);
      for (const ban of bans) rows.appendChild(renderRow(ban));
      showEmpty();
    } catch (err) {
      if (mine === token) error.textContent = describeError(err);
    }
  }

  const refresh = h('button', { type: 'button', class: 'button small', onclick: () => void load() }, m.refresh);
  const element = h(
    'div',
    { class: 'panel' },
    h('div', { class: 'panel-head' }, h('h2', { class: 'panel-title', id: 'bans-heading' }, m.heading), refresh),
    error,
    tableWrap,
    empty,
  );
  return { element, load };
}
