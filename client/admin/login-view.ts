// Owns the login screen: the form, its errors by code, and handing the new session back.
import { h } from '../dom';
import type { AdminApi } from './api';
import { ApiError } from './api';
import type { Session } from './api-types';
import { describeError } from './error-text';
import { messages } from './messages';

export interface LoginViewOptions {
  api: AdminApi;
  /** Shown above the form, e.g. why the previous session ended. */
  notice?: string;
  onLoggedIn(session: Session): void;
}

export function renderLoginView({ api, notice, onLoggedIn }: LoginViewOptions): HTMLElement {
  const m = messages.login;
  const email = h('input', {
    id: 'login-email',
    name: 'email',
    type: 'email',
    autocomplete: 'username',
    required: true,
    spellcheck: 'false',
  });
  const password = h('input', {
    id: 'login-password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const error = h('p', { class: 'form-error', id: 'login-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button primary wide' }, m.submit);
  const noticeLine = notice ? h('p', { class: 'login-notice' }, notice) : null;

  const form = h(
    'form',
    { class: 'login-form', novalidate: true, 'aria-labelledby': 'login-heading', 'aria-describedby': 'login-error' },
    h('div', { class: 'field' }, h('label', { for: 'login-email' }, m.email), email),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, m.password), password),
    error,
    submit,
  );

  function showError(text: string): void {
    error.textContent = text;
    form.dataset.state = 'error';
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    if (email.value.trim() === '' || password.value === '') {
      showError(m.missing);
      (email.value.trim() === '' ? email : password).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = m.submitting;
    form.setAttribute('aria-busy', 'true');
    try {
      const session = await api.login(email.value.trim(), password.value);
      onLoggedIn(session);
    } catch (err) {
      showError(describeError(err));
      if (err instanceof ApiError && err.code === 'LOGIN_FAILED') password.select();
      password.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = m.submit;
      form.removeAttribute('aria-busy');
    }
  });

  return h(
    'div',
    { class: 'login-screen' },
    h(
      'section',
      { class: 'login-card', 'aria-labelledby': 'login-heading' },
      h('p', { class: 'brand-mark', 'aria-hidden': 'true' }, 'P'),
      h('h1', { id: 'login-heading' }, m.heading),
      h('p', { class: 'login-intro' }, m.intro),
      noticeLine,
      form,
    ),
  );
}

export function focusLogin(root: ParentNode): void {
  root.querySelector<HTMLInputElement>('#login-email')?.focus();
}
