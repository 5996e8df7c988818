// Owns the in-page modal dialogs: one builder for confirm-with-fields, and the optional reason field.
import { h, type Child } from '../dom';
import { describeError } from './error-text';
import { messages } from './messages';

export interface DialogOptions {
  title: string;
  intro?: string;
  fields?: Child[];
  confirmLabel: string;
  tone?: 'primary' | 'danger';
  /**
   * Runs on confirm. Returning a string keeps the dialog open with that message (a check
   * failed); throwing shows the API error; returning nothing closes it.
   */
  onConfirm(): Promise<string | void>;
}

let dialogCount = 0;

/** The open dialog's way back: where focus returns when it closes. */
let returnTarget: { element: HTMLElement | null } | null = null;

/**
 * The element that opened the current dialog may be redrawn or leave the list while the
 * dialog is open (its comment was removed); focus then returns to `to` instead.
 */
export function redirectDialogReturn(from: Element, to: HTMLElement): boolean {
  if (!returnTarget?.element || !from.contains(returnTarget.element)) return false;
  returnTarget.element = to;
  return true;
}

/** Where dialogs are attached; set once the page has its main landmark. */
let host: HTMLElement = document.body;

export function setDialogHost(element: HTMLElement): void {
  host = element;
}

export function openDialog({
  title,
  intro,
  fields = [],
  confirmLabel,
  tone = 'primary',
  onConfirm,
}: DialogOptions): HTMLDialogElement {
  const id = `dialog-${++dialogCount}`;
  const back = { element: document.activeElement instanceof HTMLElement ? document.activeElement : null };
  returnTarget = back;
  const error = h('p', { class: 'form-error', role: 'alert' });
  const confirm = h('button', { type: 'submit', class: `button ${tone}` }, confirmLabel);
  const cancel = h(
    'button',
    { type: 'button', class: 'button', onclick: () => dialog.close() },
    messages.dialogs.close,
  );
  const form = h(
    'form',
    { class: 'dialog-form', method: 'dialog' },
    h('h2', { id: `${id}-title`, class: 'dialog-title' }, title),
    intro ? h('p', { id: `${id}-intro`, class: 'dialog-intro' }, intro) : null,
    ...fields,
    error,
    h('div', { class: 'dialog-buttons' }, cancel, confirm),
  );
  const dialog = h(
    'dialog',
    { class: 'dialog', 'aria-labelledby': `${id}-title`, 'aria-describedby': intro ? `${id}-intro` : null },
    form,
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    confirm.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const problem = await onConfirm();
      if (typeof problem === 'string') error.textContent = problem;
      else dialog.close();
    } catch (err) {
      error.textContent = describeError(err);
    } finally {
      confirm.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (returnTarget === back) returnTarget = null;
    if (back.element?.isConnected) back.element.focus();
  });

  host.appendChild(dialog);
  dialog.showModal();
  return dialog;
}

let fieldCount = 0;

/** A labelled, optional reason for the audit log. */
export function reasonField(): { element: HTMLElement; value(): string } {
  const id = `reason-${++fieldCount}`;
  const input = h('textarea', { id, name: 'reason', rows: 3, maxlength: 500, 'aria-describedby': `${id}-hint` });
  const element = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, messages.dialogs.reason),
    input,
    h('p', { class: 'hint', id: `${id}-hint` }, messages.dialogs.reasonHint),
  );
  return { element, value: () => input.value.trim() };
}
