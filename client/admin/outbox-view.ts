// Owns the Outbox section (admins only): the newest subscription mail, its state and its last error.
import { clear, h } from '../dom';
import type { AdminApi } from './api';
import type { OutboxMail } from './api-types';
import { describeError } from './error-text';
import { timeElement } from './format';
import { messages } from './messages';

export interface OutboxView {
  element: HTMLElement;
  load(): Promise<void>;
}

export function createOutboxView({ api }: { api: AdminApi }): OutboxView {
  const m = messages.outbox;
  const c = m.columns;
  const rows = h('tbody');
  const empty = h('p', { class: 'list-empty', hidden: true }, m.empty);
  const error = h('p', { class: 'form-error', role: 'alert' });
  const tableWrap = h(
    'div',
    { class: 'table-wrap', hidden: true },
    h(
      'table',
      { class: 'table', 'aria-labelledby': 'outbox-heading' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ...[c.email, c.purpose, c.state, c.attempts, c.lastError, c.created, c.sent].map((label) =>
            h('th', { scope: 'col' }, label),
          ),
        ),
      ),
      rows,
    ),
  );
  let token = 0;

  const renderRow = (mail: OutboxMail) =>
    h(
      'tr',
      { 'data-outbox-id': String(mail.id), 'data-state': mail.state },
      h('th', { scope: 'row' }, mail.email),
      h('td', null, m.purposes[mail.purpose]),
      h('td', null, m.states[mail.state]),
      h('td', null, String(mail.attempts)),
      h('td', null, mail.lastError ?? ''),
      h('td', null, timeElement(mail.createdAt)),
      h('td', null, mail.sentAt === null ? '' : timeElement(mail.sentAt)),
    );

  async function load(): Promise<void> {
    const mine = ++token;
    error.textContent = '';
    try {
      const mails = await api.listOutbox();
      if (mine !== token) return;
      clear(rows);
      for (const mail of mails) rows.appendChild(renderRow(mail));
      empty.hidden = mails.length > 0;
      tableWrap.hidden = mails.length === 0;
    } catch (err) {
      if (mine === token) error.textContent = describeError(err);
    }
  }

  const refresh = h('button', { type: 'button', class: 'button small', onclick: () => void load() }, m.refresh);
  const element = h(
    'div',
    { class: 'panel' },
    h('div', { class: 'panel-head' }, h('h2', { class: 'panel-title', id: 'outbox-heading' }, m.heading), refresh),
    h('p', { class: 'hint' }, m.intro),
    error,
    tableWrap,
    empty,
  );
  return { element, load };
}
