// Owns bulk moderation: the select-all box, the bulk buttons, and the list of comments a bulk action could not change.
import { clear, h } from '../dom';
import type { AdminApi } from './api';
import type { BulkResult, CommentAction } from './api-types';
import { openDialog, reasonField } from './dialogs';
import { describeError } from './error-text';
import { messages } from './messages';

export interface BulkDeps {
  api: AdminApi;
  announce(text: string, tone?: 'ok' | 'error'): void;
  /** Listed, selectable comment ids in list order. */
  selectableIds(): number[];
  selectedIds(): number[];
  setSelected(ids: number[], isSelected: boolean): void;
  /** Succeeded ids: the list fetches their new state. */
  onApplied(ids: number[]): void;
}

export interface BulkBar {
  element: HTMLElement;
  failures: HTMLElement;
  /** Redraws the select-all box and button states after the selection or list changed. */
  refresh(): void;
}

const ACTIONS: CommentAction[] = ['approve', 'remove', 'spam', 'restore', 'dismiss-reports'];
const TONE: Partial<Record<CommentAction, string>> = {
  approve: 'approve',
  restore: 'approve',
  remove: 'danger',
  spam: 'warn',
};

export function createBulkBar(deps: BulkDeps): BulkBar {
  const m = messages.bulk;
  const selectAll = h('input', { type: 'checkbox', id: 'bulk-select-all', class: 'select-box' });
  const summary = h('span', { class: 'bulk-summary', 'aria-live': 'off' }, m.selected(0));
  const failures = h('div', { class: 'bulk-failures', role: 'alert', hidden: true });
  const buttons = ACTIONS.map((action) => {
    const button = h(
      'button',
      {
        type: 'button',
        class: `button small ${TONE[action] ?? ''}`.trim(),
        'data-bulk-action': action,
        disabled: true,
        onclick: () => start(action),
      },
      messages.actions.labels[action],
    );
    return { action, button };
  });

  selectAll.addEventListener('change', () => {
    deps.setSelected(deps.selectableIds(), selectAll.checked);
  });

  function showFailures(results: BulkResult[]): void {
    clear(failures);
    const failed = results.filter((r) => !r.ok);
    failures.hidden = failed.length === 0;
    if (failed.length === 0) return;
    const close = h(
      'button',
      { type: 'button', class: 'button small', onclick: () => (failures.hidden = true) },
      m.dismiss,
    );
    failures.append(
      h(
        'p',
        { class: 'bulk-failures-head' },
        m.partial(results.length - failed.length, failed.length),
        ' ',
        m.failuresHeading,
      ),
      h(
        'ul',
        null,
        ...failed.map((r) =>
          h(
            'li',
            null,
            m.failureLine(
              r.id,
              r.error ? (messages.errors[r.error.code] ?? r.error.message) : messages.errors.INTERNAL,
            ),
          ),
        ),
      ),
      close,
    );
  }

  async function apply(action: CommentAction, ids: number[], reason?: string): Promise<void> {
    const results = await deps.api.bulk(action, ids, reason);
    const done = results.filter((r) => r.ok).map((r) => r.id);
    showFailures(results);
    deps.setSelected(done, false);
    if (done.length > 0) deps.onApplied(done);
    const failedCount = results.length - done.length;
    if (failedCount === 0) deps.announce(m.done[action](done.length));
    else
      deps.announce(
        `${done.length > 0 ? `${m.done[action](done.length)}. ` : ''}${m.partial(done.length, failedCount)}`,
        'error',
      );
  }

  function start(action: CommentAction): void {
    const ids = deps.selectedIds();
    if (ids.length === 0) return;
    if (action === 'remove') {
      const reason = reasonField();
      openDialog({
        title: messages.dialogs.bulkRemoveTitle(ids.length),
        intro: messages.dialogs.bulkRemoveIntro,
        fields: [reason.element],
        confirmLabel: messages.dialogs.removeConfirm,
        tone: 'danger',
        onConfirm: () => apply(action, ids, reason.value() || undefined),
      });
      return;
    }
    for (const b of buttons) b.button.disabled = true;
    apply(action, ids)
      .catch((err) => deps.announce(messages.actions.failed(describeError(err)), 'error'))
      .finally(refresh);
  }

  function refresh(): void {
    const selectable = deps.selectableIds();
    const selected = deps.selectedIds();
    selectAll.disabled = selectable.length === 0;
    selectAll.checked = selectable.length > 0 && selected.length === selectable.length;
    selectAll.indeterminate = selected.length > 0 && selected.length < selectable.length;
    summary.textContent = m.selected(selected.length);
    for (const { action, button } of buttons) {
      button.disabled = selected.length === 0;
      button.setAttribute('aria-label', m.actionLabel(action, selected.length));
    }
  }

  const element = h(
    'div',
    { class: 'bulk-bar', role: 'group', 'aria-label': m.label },
    h('div', { class: 'bulk-select' }, selectAll, h('label', { for: 'bulk-select-all' }, m.selectAll)),
    summary,
    h('div', { class: 'bulk-buttons' }, ...buttons.map((b) => b.button)),
  );
  return { element, failures, refresh };
}
