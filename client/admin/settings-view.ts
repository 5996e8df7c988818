// Owns the Settings section: the moderation rules as a form, read-only for moderators, saved whole by admins;
// below them, the moderator's own choice of mail.
import { h } from '../dom';
import type { AdminApi } from './api';
import type { ModerationSettings, PremoderationMode } from './api-types';
import { createAccountMailView } from './account-mail-view';
import { describeError, fieldProblemsOf } from './error-text';
import { messages } from './messages';

export interface SettingsView {
  element: HTMLElement;
  load(): Promise<void>;
}

type Field = keyof ModerationSettings;
const MODES: PremoderationMode[] = ['off', 'all', 'first', 'links'];

const linesOf = (text: string) => [
  ...new Set(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== ''),
  ),
];

export function createSettingsView({
  api,
  announce,
  isAdmin,
}: {
  api: AdminApi;
  announce(text: string, tone?: 'ok' | 'error'): void;
  isAdmin: boolean;
}): SettingsView {
  const m = messages.settings;
  const fieldErrors = new Map<Field, HTMLElement>();

  function field(name: Field, label: string, control: HTMLElement, hint?: string): HTMLElement {
    const id = `settings-${name}`;
    control.id = id;
    control.setAttribute('name', name);
    const hintId = `${id}-hint`;
    const errorId = `${id}-error`;
    control.setAttribute('aria-describedby', hint ? `${hintId} ${errorId}` : errorId);
    const error = h('p', { class: 'field-error', id: errorId });
    fieldErrors.set(name, error);
    return h(
      'div',
      { class: 'field' },
      h('label', { for: id }, label),
      control,
      hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
      error,
    );
  }

  const mode = h('select', null, ...MODES.map((value) => h('option', { value }, m.modes[value])));
  const banned = h('textarea', { rows: 6, spellcheck: 'false' });
  const watched = h('textarea', { rows: 6, spellcheck: 'false' });
  const maxLinks = h('input', { type: 'number', min: 0, max: 1000, step: 1, inputmode: 'numeric' });
  const autoClose = h('input', { type: 'number', min: 0, max: 36500, step: 1, inputmode: 'numeric' });
  const threshold = h('input', { type: 'number', min: 1, max: 1000, step: 1, inputmode: 'numeric', required: true });
  const reactions = h('input', { type: 'checkbox', id: 'settings-areReactionsEnabled', name: 'areReactionsEnabled' });
  const quoting = h('input', { type: 'checkbox', id: 'settings-isQuotingEnabled', name: 'isQuotingEnabled' });
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'button primary' }, m.save);

  const fieldset = h(
    'fieldset',
    { class: 'settings-fields', disabled: !isAdmin },
    h('legend', { class: 'visually-hidden' }, m.heading),
    field('premoderation', m.premoderation, mode),
    h(
      'div',
      { class: 'field-row' },
      field('bannedWords', m.bannedWords, banned, m.bannedWordsHint),
      field('watchedWords', m.watchedWords, watched, m.watchedWordsHint),
    ),
    h(
      'div',
      { class: 'field-row three' },
      field('maxLinks', m.maxLinks, maxLinks, m.maxLinksHint),
      field('autoCloseDays', m.autoCloseDays, autoClose, m.autoCloseDaysHint),
      field('reportThreshold', m.reportThreshold, threshold, m.reportThresholdHint),
    ),
    h(
      'div',
      { class: 'field' },
      h(
        'div',
        { class: 'choice' },
        reactions,
        h('label', { for: 'settings-areReactionsEnabled' }, m.areReactionsEnabled),
      ),
      h('p', { class: 'hint', id: 'settings-areReactionsEnabled-hint' }, m.areReactionsEnabledHint),
    ),
    h(
      'div',
      { class: 'field' },
      h('div', { class: 'choice' }, quoting, h('label', { for: 'settings-isQuotingEnabled' }, m.isQuotingEnabled)),
      h('p', { class: 'hint', id: 'settings-isQuotingEnabled-hint' }, m.isQuotingEnabledHint),
    ),
  );
  quoting.setAttribute('aria-describedby', 'settings-isQuotingEnabled-hint');
  reactions.setAttribute('aria-describedby', 'settings-areReactionsEnabled-hint');
  const form = h(
    'form',
    { class: 'settings-form', novalidate: true, 'aria-labelledby': 'settings-heading' },
    fieldset,
    formError,
    isAdmin ? h('div', { class: 'form-buttons' }, save) : null,
  );

  function fill(s: ModerationSettings): void {
    mode.value = s.premoderation;
    banned.value = s.bannedWords.join('\n');
    watched.value = s.watchedWords.join('\n');
    maxLinks.value = s.maxLinks === null ? '' : String(s.maxLinks);
    autoClose.value = s.autoCloseDays === null ? '' : String(s.autoCloseDays);
    threshold.value = String(s.reportThreshold);
    reactions.checked = s.areReactionsEnabled;
    quoting.checked = s.isQuotingEnabled;
  }

  function clearErrors(): void {
    formError.textContent = '';
    for (const el of fieldErrors.values()) el.textContent = '';
    for (const control of [mode, banned, watched, maxLinks, autoClose, threshold])
      control.removeAttribute('aria-invalid');
  }

  function showFieldError(name: Field, text: string): void {
    const error = fieldErrors.get(name);
    if (error) error.textContent = text;
    document.getElementById(`settings-${name}`)?.setAttribute('aria-invalid', 'true');
  }

  /** Empty means "no limit"; anything else must be a whole number from `min`. */
  function readCount(
    input: HTMLInputElement,
    name: Field,
    min: number,
    isOptional: boolean,
  ): number | null | undefined {
    const text = input.value.trim();
    if (text === '' && isOptional) return null;
    const n = Number(text);
    if (text === '' || !Number.isSafeInteger(n) || n < min) {
      showFieldError(name, isOptional ? m.notWhole : m.notPositive);
      return undefined;
    }
    return n;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!isAdmin) return;
    clearErrors();
    const links = readCount(maxLinks, 'maxLinks', 0, true);
    const days = readCount(autoClose, 'autoCloseDays', 0, true);
    const reports = readCount(threshold, 'reportThreshold', 1, false);
    if (links === undefined || days === undefined || reports === undefined || reports === null) {
      formError.textContent = messages.errors.VALIDATION_FAILED;
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const next: ModerationSettings = {
      premoderation: mode.value as PremoderationMode,
      bannedWords: linesOf(banned.value),
      watchedWords: linesOf(watched.value),
      maxLinks: links,
      autoCloseDays: days,
      reportThreshold: reports,
      areReactionsEnabled: reactions.checked,
      isQuotingEnabled: quoting.checked,
    };
    save.disabled = true;
    try {
      fill(await api.saveSettings(next));
      announce(m.saved);
    } catch (err) {
      formError.textContent = describeError(err);
      for (const problem of fieldProblemsOf(err))
        showFieldError(problem.field as Field, messages.fieldIssue(problem.issue, problem.limit));
      announce(messages.actions.failed(describeError(err)), 'error');
    } finally {
      save.disabled = false;
    }
  });

  const accountMail = createAccountMailView({ api, announce });

  async function load(): Promise<void> {
    clearErrors();
    void accountMail.load();
    try {
      fill(await api.getSettings());
    } catch (err) {
      formError.textContent = describeError(err);
    }
  }

  const element = h(
    'div',
    { class: 'panel narrow' },
    h('div', { class: 'panel-head' }, h('h2', { class: 'panel-title', id: 'settings-heading' }, m.heading)),
    isAdmin ? null : h('p', { class: 'notice' }, m.readOnly),
    form,
    accountMail.element,
  );
  return { element, load };
}
