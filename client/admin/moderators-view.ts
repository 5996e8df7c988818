// Owns the Moderators section (admins only): who can moderate, and adding someone.
import { clear, h } from '../dom';
import type { AdminApi } from './api';
import type { Moderator, Role } from './api-types';
import { describeError, fieldProblemsOf } from './error-text';
import { messages } from './messages';

export interface ModeratorsView {
  element: HTMLElement;
  load(): Promise<void>;
}

type Field = 'email' | 'displayName' | 'role' | 'password';

export function createModeratorsView({
  api,
  announce,
  currentId,
  onLoaded,
}: {
  api: AdminApi;
  announce(text: string, tone?: 'ok' | 'error'): void;
  currentId: number;
  onLoaded(moderators: Moderator[]): void;
}): ModeratorsView {
  const m = messages.moderators;
  const rows = h('tbody');
  const listError = h('p', { class: 'form-error', role: 'alert' });
  const fieldErrors = new Map<Field, HTMLElement>();

  function field(
    name: Field,
    label: string,
    control: HTMLInputElement | HTMLSelectElement,
    hint?: string,
  ): HTMLElement {
    const id = `moderator-${name}`;
    control.id = id;
    control.name = name;
    const error = h('p', { class: 'field-error', id: `${id}-error` });
    fieldErrors.set(name, error);
    control.setAttribute('aria-describedby', hint ? `${id}-hint ${id}-error` : `${id}-error`);
    return h(
      'div',
      { class: 'field' },
      h('label', { for: id }, label),
      control,
      hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
      error,
    );
  }

  const email = h('input', { type: 'email', autocomplete: 'off', required: true, spellcheck: 'false' });
  const displayName = h('input', { type: 'text', autocomplete: 'off', required: true, maxlength: 64 });
  const role = h(
    'select',
    null,
    h('option', { value: 'moderator' }, m.roles.moderator),
    h('option', { value: 'admin' }, m.roles.admin),
  );
  const password = h('input', { type: 'password', autocomplete: 'new-password', required: true, minlength: 12 });
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button primary' }, m.create);
  const form = h(
    'form',
    { class: 'create-form', novalidate: true, 'aria-labelledby': 'moderator-create-heading' },
    h('h3', { id: 'moderator-create-heading' }, m.createHeading),
    h('div', { class: 'field-row' }, field('email', m.email, email), field('displayName', m.displayName, displayName)),
    h(
      'div',
      { class: 'field-row' },
      field('role', m.role, role),
      field('password', m.password, password, m.passwordHint),
    ),
    formError,
    h('div', { class: 'form-buttons' }, submit),
  );

  function renderRow(mod: Moderator): HTMLTableRowElement {
    return h(
      'tr',
      null,
      h(
        'th',
        { scope: 'row' },
        mod.displayName,
        mod.id === currentId ? h('span', { class: 'you' }, ` ${m.you}`) : null,
      ),
      h('td', null, mod.email),
      h('td', null, m.roles[mod.role] ?? mod.role),
    );
  }

  async function load(): Promise<void> {
    listError.textContent = '';
    try {
      const moderators = await api.listModerators();
      clear(rows);
      for (const mod of moderators) rows.appendChild(renderRow(mod));
      onLoaded(moderators);
    } catch (err) {
      listError.textContent = describeError(err);
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    formError.textContent = '';
    for (const el of fieldErrors.values()) el.textContent = '';
    submit.disabled = true;
    try {
      const created = await api.createModerator({
        email: email.value.trim(),
        displayName: displayName.value.trim(),
        role: role.value as Role,
        password: password.value,
      });
      announce(m.created(created.displayName));
      form.reset();
      await load();
    } catch (err) {
      formError.textContent = describeError(err);
      for (const p of fieldProblemsOf(err)) {
        const el = fieldErrors.get(p.field as Field);
        if (el) el.textContent = messages.fieldIssue(p.issue, p.limit);
      }
    } finally {
      submit.disabled = false;
    }
  });

  const c = m.columns;
  const element = h(
    'div',
    { class: 'panel narrow' },
    h('div', { class: 'panel-head' }, h('h2', { class: 'panel-title', id: 'moderators-heading' }, m.heading)),
    listError,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table', 'aria-labelledby': 'moderators-heading' },
        h('thead', null, h('tr', null, ...[c.name, c.email, c.role].map((label) => h('th', { scope: 'col' }, label)))),
        rows,
      ),
    ),
    form,
  );
  return { element, load };
}
