// Owns the signed-in moderator's own choice of mail: a checkbox each for held comments and new reports, saved as changed.
import { h } from '../dom';
import type { AdminApi } from './api';
import type { MailPreferences } from './api-types';
import { describeError } from './error-text';
import { messages } from './messages';

export interface AccountMailView {
  element: HTMLElement;
  load(): Promise<void>;
}

export function createAccountMailView({
  api,
  announce,
}: {
  api: AdminApi;
  announce(text: string, tone?: 'ok' | 'error'): void;
}): AccountMailView {
  const m = messages.accountMail;
  const choice = (id: string, label: string) => {
    const input = h('input', { type: 'checkbox', id, name: id, disabled: true });
    return { input, row: h('div', { class: 'choice' }, input, h('label', { for: id }, label)) };
  };
  const onHeld = choice('account-mail-onHeld', m.onHeld);
  const onReport = choice('account-mail-onReport', m.onReport);
  const formError = h('p', { class: 'form-error', role: 'alert' });

  function fill(p: MailPreferences): void {
    onHeld.input.checked = p.onHeld;
    onReport.input.checked = p.onReport;
    onHeld.input.disabled = false;
    onReport.input.disabled = false;
  }

  async function save(): Promise<void> {
    formError.textContent = '';
    onHeld.input.disabled = true;
    onReport.input.disabled = true;
    try {
      fill(await api.setMailPreferences({ onHeld: onHeld.input.checked, onReport: onReport.input.checked }));
      announce(m.saved);
    } catch (err) {
      formError.textContent = describeError(err);
      announce(messages.actions.failed(describeError(err)), 'error');
      onHeld.input.disabled = false;
      onReport.input.disabled = false;
    }
  }
  onHeld.input.addEventListener('change', () => void save());
  onReport.input.addEventListener('change', () => void save());

  async function load(): Promise<void> {
    formError.textContent = '';
    try {
      fill(await api.getMailPreferences());
    } catch (err) {
      formError.textContent = describeError(err);
    }
  }

  const element = h(
    'section',
    { class: 'account-mail', 'aria-labelledby': 'account-mail-heading' },
    h('h3', { id: 'account-mail-heading' }, m.heading),
    h('p', { class: 'hint', id: 'account-mail-hint' }, m.hint),
    h(
      'fieldset',
      { class: 'settings-fields', 'aria-describedby': 'account-mail-hint' },
      h('legend', { class: 'visually-hidden' }, m.heading),
      onHeld.row,
      onReport.row,
    ),
    formError,
  );
  return { element, load };
}
