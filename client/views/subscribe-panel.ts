// Owns the subscription panel, loaded the first time a reader opens it: what to be told of, the address, and the answer.
import type { SubscribeAnswer, SubscribeRequest, WireError } from '../../server/protocol/dto';
import { h } from '../dom';
import { errorText } from '../error-text';
import type { SubscribeControlOptions } from '../subscribe-control';

export function createSubscribePanel(options: SubscribeControlOptions & { id: string; onClose(): void }) {
  const { messages, id } = options;
  const m = messages.subscribe;
  const radio = (kind: SubscribeRequest['kind'], text: string, isChecked: boolean) => {
    const input = h('input', { type: 'radio', name: `${id}-kind`, value: kind, id: `${id}-${kind}` });
    input.checked = isChecked;
    return h('div', { class: 'choice' }, input, h('label', { for: input.id }, text));
  };
  const email = h('input', { type: 'email', id: `${id}-email`, autocomplete: 'email', 'aria-required': 'true' });
  email.value = options.author().email;
  const status = h('p', { class: 'form-error', role: 'status' });
  const submit = h('button', { type: 'submit', class: 'button primary' }, m.submit);
  const element = h(
    'form',
    { class: 'panel subscribe-panel', id, novalidate: true, 'aria-label': m.open },
    h(
      'fieldset',
      null,
      h('legend', null, m.legend),
      radio('thread', m.thread, true),
      radio('replies', m.replies, false),
    ),
    h('div', { class: 'field' }, h('label', { for: email.id }, m.emailLabel), email),
    status,
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'button', class: 'button quiet', onclick: () => options.onClose() }, m.close),
      submit,
    ),
  );

  element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      options.onClose();
    }
  });

  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    const threadId = options.threadId();
    const address = email.value.trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
      status.textContent = messages.fields.authorEmail.invalid;
      email.setAttribute('aria-invalid', 'true');
      email.focus();
      return;
    }
    email.removeAttribute('aria-invalid');
    if (threadId === null) return;
    const kind = (element.querySelector('input[type="radio"]:checked') as HTMLInputElement)
      .value as SubscribeRequest['kind'];
    submit.disabled = true;
    status.textContent = '';
    let error: WireError | null = null;
    let answer: SubscribeAnswer | null = null;
    try {
      const res = await fetch(`${options.origin}/api/threads/${threadId}/subscriptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-parley-token': options.token },
        body: JSON.stringify({ email: address, kind } satisfies SubscribeRequest),
      });
      const body = (await res.json()) as SubscribeAnswer | { error: WireError };
      if ('error' in body) error = body.error;
      else answer = body;
    } catch {
      // Unreachable: errorText(null) says so.
    }
    submit.disabled = false;
    if (answer !== null) {
      options.remember({ ...options.author(), email: address });
      status.textContent = answer.status === 'active' ? m.active : m.pending;
    } else status.textContent = errorText(messages, error);
  });

  return { element, focus: () => (element.querySelector('input[type="radio"]') as HTMLInputElement).focus() };
}
