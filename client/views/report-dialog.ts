// Owns the report dialog that opens under a comment: a reason, more words when the reason is Other, and sending.
import type { ReportReason, ReportRequest, WireError } from '../../server/protocol/dto';
import { h } from '../dom';
import { errorText } from '../error-text';
import { CLIENT_LIMITS, charCount } from '../limits';
import type { Outcome } from '../live';
import type { Messages } from '../messages/catalog';

const REASONS: readonly ReportReason[] = ['spam', 'abuse', 'off-topic', 'other'];

export interface ReportDialogOptions {
  messages: Messages;
  idPrefix: string;
  commentId: number;
  send(request: ReportRequest): Promise<Outcome<{ isReported: true }>>;
  /** Sent, or refused as already reported: either way this reader's report is on file. */
  onDone(error: WireError | null): void;
  onCancel(): void;
}

export function createReportDialog(options: ReportDialogOptions): { element: HTMLElement; focus(): void } {
  const { messages, idPrefix } = options;
  const m = messages.report;
  const titleId = `${idPrefix}-title`;
  const radios = REASONS.map((reason) =>
    h('input', { type: 'radio', name: `${idPrefix}-reason`, value: reason, id: `${idPrefix}-${reason}` }),
  );
  radios[0].checked = true;
  // No maxlength: browsers count it in UTF-16 units, so it would stop 250 emoji short of the
  // server's 500 characters; the check on sending counts as the server does.
  const details = h('textarea', {
    id: `${idPrefix}-details`,
    rows: 2,
    'aria-describedby': `${idPrefix}-details-error`,
  });
  const detailsError = h('p', { class: 'field-error', id: `${idPrefix}-details-error` });
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button primary small' }, m.send);

  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': titleId },
    h(
      'fieldset',
      { class: 'reasons' },
      h('legend', null, m.reasonLegend),
      ...REASONS.map((reason, i) => h('label', { class: 'reason', for: radios[i].id }, radios[i], m.reasons[reason])),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: details.id }, m.detailsLabel, ' ', h('span', { class: 'hint' }, m.detailsHint)),
      details,
      detailsError,
    ),
    formError,
    h(
      'div',
      { class: 'form-actions' },
      h(
        'button',
        { type: 'button', class: 'button quiet small', onclick: () => options.onCancel() },
        messages.form.cancel,
      ),
      submit,
    ),
  );
  // A form may not take the dialog role itself, so the dialog wraps it.
  const element = h(
    'div',
    { class: 'panel report-dialog', role: 'dialog', 'aria-labelledby': titleId },
    h('h3', { class: 'panel-title', id: titleId }, m.title),
    form,
  );

  element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      options.onCancel();
    }
  });

  let isSending = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (isSending) return;
    const reason = radios.find((r) => r.checked)?.value as ReportReason;
    const text = details.value.trim();
    detailsError.textContent = formError.textContent = '';
    details.removeAttribute('aria-invalid');
    const limit = CLIENT_LIMITS.maxReportDetailsChars;
    const problem =
      reason === 'other' && text === ''
        ? m.detailsRequired
        : charCount(text.normalize('NFC')) > limit
          ? m.detailsTooLong(limit)
          : '';
    if (problem) {
      detailsError.textContent = problem;
      details.setAttribute('aria-invalid', 'true');
      details.focus();
      return;
    }
    isSending = true;
    submit.disabled = true;
    submit.textContent = m.sending;
    const request: ReportRequest = { commentId: options.commentId, reason };
    if (text !== '') request.details = text;
    void options.send(request).then((outcome) => {
      isSending = false;
      submit.disabled = false;
      submit.textContent = m.send;
      if (outcome.kind === 'ok') options.onDone(null);
      else if (outcome.kind === 'refused' && outcome.error.code === 'ALREADY_REPORTED') options.onDone(outcome.error);
      else formError.textContent = errorText(messages, outcome.kind === 'refused' ? outcome.error : null);
    });
  });

  return { element, focus: () => radios[0].focus() };
}
