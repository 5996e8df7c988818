// Owns the Audit log section: who did what to which target and why, filters, paging, live entries and undo.
import { clear, h } from '../dom';
import type { AdminApi } from './api';
import type { AuditEntry, Moderator } from './api-types';
import { describeError } from './error-text';
import { timeElement } from './format';
import { AUDIT_ACTIONS, messages } from './messages';

export interface AuditView {
  element: HTMLElement;
  load(): Promise<void>;
  /** Shown at the top when it matches the filters. */
  onEntry(entry: AuditEntry): void;
  setModerators(moderators: Pick<Moderator, 'id' | 'displayName'>[]): void;
}

export function createAuditView({
  api,
  announce,
}: {
  api: AdminApi;
  announce(text: string, tone?: 'ok' | 'error'): void;
}): AuditView {
  const m = messages.audit;
  const actionSelect = h(
    'select',
    { id: 'audit-action', name: 'action' },
    h('option', { value: '' }, m.anyAction),
    ...Object.entries(AUDIT_ACTIONS).map(([value, label]) => h('option', { value }, label)),
  );
  const moderatorSelect = h(
    'select',
    { id: 'audit-moderator', name: 'moderatorId' },
    h('option', { value: '' }, m.anyModerator),
  );
  const knownModerators = new Map<number, string>();
  const rows = h('tbody');
  const empty = h('p', { class: 'list-empty', hidden: true }, m.empty);
  const error = h('p', { class: 'form-error', role: 'alert' });
  const more = h(
    'button',
    { type: 'button', class: 'button more', hidden: true, onclick: () => void load(false) },
    m.loadMore,
  );
  const c = m.columns;
  const tableWrap = h(
    'div',
    { class: 'table-wrap', hidden: true },
    h(
      'table',
      { class: 'table', 'aria-labelledby': 'audit-heading' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ...[c.when, c.who, c.what, c.target, c.reason, c.actions].map((label) => h('th', { scope: 'col' }, label)),
        ),
      ),
      rows,
    ),
  );
  let nextCursor: string | null = null;
  let token = 0;

  const filters = () => ({
    action: actionSelect.value,
    moderatorId: moderatorSelect.value === '' ? null : Number(moderatorSelect.value),
  });

  function addModeratorOption(id: number, name: string): void {
    if (knownModerators.has(id)) return;
    knownModerators.set(id, name);
    moderatorSelect.appendChild(h('option', { value: String(id) }, name));
  }

  const shown = new Map<number, { entry: AuditEntry; row: HTMLTableRowElement }>();

  /** Asks for the entry again and redraws its row: whether it can be undone depends on its target now. */
  async function refresh(id: number): Promise<void> {
    const known = shown.get(id);
    if (!known) return;
    const entry = await api.getAuditEntry(id);
    const current = shown.get(id);
    if (!current) return;
    const hadFocus = current.row.contains(document.activeElement);
    const row = renderRow(entry);
    current.row.replaceWith(row);
    shown.set(id, { entry, row });
    if (hadFocus) (row.querySelector<HTMLElement>('button') ?? actionSelect).focus();
  }

  function renderRow(entry: AuditEntry): HTMLTableRowElement {
    const target = m.target(entry.targetType, entry.targetId);
    const restore: HTMLButtonElement | null = entry.canRestore
      ? h(
          'button',
          {
            type: 'button',
            class: 'button small',
            'aria-label': m.restoreLabel(m.action(entry.action), target),
            onclick: async () => {
              restore!.disabled = true;
              error.textContent = '';
              try {
                await api.restoreFromAudit(entry.id);
                announce(m.restored);
              } catch (err) {
                error.textContent = describeError(err);
                announce(messages.actions.failed(describeError(err)), 'error');
              } finally {
                // Undone now, or refused because what it did no longer stands: either way the row says so.
                await refresh(entry.id).catch(() => {
                  restore!.disabled = false;
                });
              }
            },
          },
          m.restore,
        )
      : null;
    const undone = entry.undoneBy !== null ? h('span', { class: 'chip undone' }, m.undone) : null;
    return h(
      'tr',
      { 'data-audit-id': String(entry.id), 'data-action': entry.action },
      h('td', null, timeElement(entry.createdAt)),
      h('td', null, entry.moderator ? entry.moderator.displayName : m.system),
      h('th', { scope: 'row' }, m.action(entry.action)),
      h(
        'td',
        { class: 'target' },
        h('span', { class: 'target-name' }, target),
        entry.targetExcerpt === null
          ? null
          : h(
              'span',
              { class: 'target-excerpt' },
              m.targetExcerpt(entry.targetType, entry.targetExcerpt, entry.banKind),
            ),
      ),
      h('td', { class: 'reason' }, entry.reason ?? ''),
      h('td', { class: 'row-actions' }, restore ?? undone),
    );
  }

  function addRow(entry: AuditEntry, atTop: boolean): void {
    const row = renderRow(entry);
    shown.set(entry.id, { entry, row });
    if (atTop) rows.insertBefore(row, rows.firstChild);
    else rows.appendChild(row);
  }

  function matches(entry: AuditEntry): boolean {
    const f = filters();
    return (
      (f.action === '' || entry.action === f.action) &&
      (f.moderatorId === null || entry.moderator?.id === f.moderatorId)
    );
  }

  async function load(reset = true): Promise<void> {
    const mine = ++token;
    error.textContent = '';
    more.disabled = true;
    try {
      const page = await api.listAudit(filters(), reset ? null : nextCursor);
      if (mine !== token) return;
      if (reset) {
        clear(rows);
        shown.clear();
      }
      for (const entry of page.items) {
        if (entry.moderator) addModeratorOption(entry.moderator.id, entry.moderator.displayName);
        if (!shown.has(entry.id)) addRow(entry, false);
      }
      nextCursor = page.nextCursor;
      more.hidden = nextCursor === null;
      empty.hidden = shown.size > 0;
      tableWrap.hidden = shown.size === 0;
    } catch (err) {
      if (mine === token) error.textContent = describeError(err);
    } finally {
      more.disabled = false;
    }
  }

  actionSelect.addEventListener('change', () => void load());
  moderatorSelect.addEventListener('change', () => void load());

  const element = h(
    'div',
    { class: 'panel' },
    h('div', { class: 'panel-head' }, h('h2', { class: 'panel-title', id: 'audit-heading' }, m.heading)),
    h(
      'form',
      { class: 'filters', 'aria-label': m.heading, onsubmit: (e: Event) => e.preventDefault() },
      h('div', { class: 'field' }, h('label', { for: 'audit-action' }, m.filterAction), actionSelect),
      h('div', { class: 'field' }, h('label', { for: 'audit-moderator' }, m.filterModerator), moderatorSelect),
    ),
    error,
    tableWrap,
    empty,
    h('div', { class: 'list-foot' }, more),
  );

  return {
    element,
    load: () => load(true),
    onEntry(entry) {
      if (entry.moderator) addModeratorOption(entry.moderator.id, entry.moderator.displayName);
      // A lift, a reopening or a restore elsewhere (the Bans, Threads or Comments tab) may leave
      // earlier entries on the same target nothing to undo: those rows ask again.
      for (const { entry: earlier } of [...shown.values()]) {
        if (
          earlier.canRestore &&
          earlier.id !== entry.id &&
          earlier.targetType === entry.targetType &&
          earlier.targetId === entry.targetId
        ) {
          refresh(earlier.id).catch(() => undefined);
        }
      }
      if (shown.has(entry.id) || !matches(entry)) return;
      addRow(entry, true);
      empty.hidden = true;
      tableWrap.hidden = false;
    },
    setModerators(moderators) {
      for (const mod of moderators) addModeratorOption(mod.id, mod.displayName);
    },
  };
}
