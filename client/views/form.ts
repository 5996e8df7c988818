// Owns the comment form (top-level and inline reply): fields, checks, sending state and error display.
import type { PublicComment, WireError } from '../../server/protocol/dto';
import { h } from '../dom';
import { checkDraft, type Draft, type DraftProblem } from '../draft-rules';
import { randomId, type RememberedAuthor } from '../identity';
import { CLIENT_LIMITS } from '../limits';
import type { PostOutcome } from '../live';
import type { FieldIssue, FormField, Messages } from '../messages/catalog';

/** What the form hands over to be sent: the reader's fields plus what protects the post. */
export interface Submission extends Draft {
  /** Made once per comment and kept across retries, so a retried post is stored once. */
  clientId: string;
  /** The hidden trap field: people never see it, form-filling bots fill it. */
  honeypot: string;
  /** How long the form was open: a comment sent faster than anyone types is held for review. */
  elapsedMs: number;
}

export interface FormOptions {
  messages: Messages;
  /** Unique within the widget's shadow root, so labels point at the right control. */
  idPrefix: string;
  isReply: boolean;
  label: string;
  author: RememberedAuthor;
  send(submission: Submission): Promise<PostOutcome>;
  onPosted(comment: PublicComment, author: RememberedAuthor): void;
  onCancel?(): void;
}

export interface FormView {
  element: HTMLFormElement;
  focus(): void;
}

const FIELDS: readonly FormField[] = ['body', 'authorName', 'authorEmail'];

function isFormField(value: unknown): value is FormField {
  return typeof value === 'string' && (FIELDS as readonly string[]).includes(value);
}

const FIELD_LIMITS: Record<FormField, number> = {
  authorName: CLIENT_LIMITS.maxNameChars,
  authorEmail: CLIENT_LIMITS.maxEmailChars,
  body: CLIENT_LIMITS.maxBodyChars,
};

const ISSUES: readonly FieldIssue[] = ['required', 'wrong_type', 'too_long', 'invalid', 'unknown_field'];

/** Reads `details.fields` of a VALIDATION_FAILED error without trusting its shape. */
function problemsOf(error: WireError): Array<{ field: string; issue: FieldIssue; limit?: number }> {
  const fields = (error.details as { fields?: unknown } | null | undefined)?.fields;
  if (!Array.isArray(fields)) return [];
  return fields.flatMap((p: unknown) => {
    const { field, issue, limit } = (p ?? {}) as { field?: unknown; issue?: unknown; limit?: unknown };
    if (typeof field !== 'string' || !ISSUES.includes(issue as FieldIssue)) return [];
    return [{ field, issue: issue as FieldIssue, limit: typeof limit === 'number' ? limit : undefined }];
  });
}

export function createCommentForm(options: FormOptions): FormView {
  const { messages, idPrefix } = options;
  const m = messages.form;
  const idOf = (field: FormField) => `${idPrefix}-${field}`;
  const errorIdOf = (field: FormField) => `${idPrefix}-${field}-error`;

  const errorSlots = new Map<FormField, HTMLElement>();
  const controls = new Map<FormField, HTMLInputElement | HTMLTextAreaElement>();

  function field(name: FormField, label: Node[], control: HTMLInputElement | HTMLTextAreaElement): HTMLElement {
    control.id = idOf(name);
    control.name = name;
    control.setAttribute('aria-describedby', errorIdOf(name));
    const error = h('p', { class: 'field-error', id: errorIdOf(name) });
    controls.set(name, control);
    errorSlots.set(name, error);
    return h('div', { class: `field field-${name}` }, h('label', { for: idOf(name) }, ...label), control, error);
  }

  const body = h('textarea', {
    rows: options.isReply ? 3 : 4,
    placeholder: options.isReply ? m.replyPlaceholder : m.bodyPlaceholder,
    'aria-required': 'true',
  });
  const name = h('input', { type: 'text', autocomplete: 'name', 'aria-required': 'true' });
  const email = h('input', { type: 'email', autocomplete: 'email', inputmode: 'email' });
  name.value = options.author.name;
  email.value = options.author.email;

  // Off screen rather than display:none, which some bots skip; hidden from assistive technology.
  const trap = h('input', { type: 'text', name: 'website', tabindex: '-1', autocomplete: 'off' });
  const trapField = h('div', { class: 'trap', 'aria-hidden': 'true' }, h('label', null, 'Website', trap));

  const formError = h('p', { class: 'form-error', role: 'alert' });
  const submitLabel = options.isReply ? m.submitReply : m.submit;
  const submit = h('button', { type: 'submit', class: 'button primary' }, submitLabel);
  const cancel = options.onCancel
    ? h('button', { type: 'button', class: 'button quiet', onclick: () => options.onCancel?.() }, m.cancel)
    : null;

  const element = h(
    'form',
    { class: options.isReply ? 'form reply-form' : 'form', novalidate: true, 'aria-label': options.label },
    field('body', [document.createTextNode(m.bodyLabel)], body),
    h(
      'div',
      { class: 'author-fields' },
      field('authorName', [document.createTextNode(m.nameLabel)], name),
      field('authorEmail', [document.createTextNode(m.emailLabel + ' '), h('span', { class: 'hint' }, m.emailHint)], email),
    ),
    trapField,
    formError,
    h('div', { class: 'form-actions' }, h('span', { class: 'hint shortcut' }, m.shortcutHint), cancel, submit),
  );

  function showProblems(problems: ReadonlyArray<{ field: string; issue: FieldIssue; limit?: number }>): void {
    let isFallbackShown = false;
    for (const problem of problems) {
      if (!isFormField(problem.field) || problem.issue === 'wrong_type' || problem.issue === 'unknown_field') {
        if (!isFallbackShown) formError.textContent = messages.fieldFallback;
        isFallbackShown = true;
        continue;
      }
      const text = messages.fields[problem.field];
      const slot = errorSlots.get(problem.field);
      const control = controls.get(problem.field);
      if (!slot || !control || slot.textContent) continue;
      slot.textContent =
        problem.issue === 'too_long'
          ? text.tooLong(problem.limit ?? FIELD_LIMITS[problem.field])
          : problem.issue === 'required'
            ? text.required
            : text.invalid;
      control.setAttribute('aria-invalid', 'true');
    }
    // Focus goes to the first field the reader must fix, in the order the fields appear.
    const firstInvalid = FIELDS.map((f) => controls.get(f)).find((c) => c?.getAttribute('aria-invalid') === 'true');
    firstInvalid?.focus();
  }

  function clearErrors(): void {
    formError.textContent = '';
    for (const [f, slot] of errorSlots) {
      slot.textContent = '';
      controls.get(f)?.removeAttribute('aria-invalid');
    }
  }

  function setSending(isSending: boolean): void {
    submit.disabled = isSending;
    submit.textContent = isSending ? m.sending : submitLabel;
    element.setAttribute('aria-busy', String(isSending));
    for (const control of controls.values()) control.readOnly = isSending;
  }

  let isSending = false;
  let shownAtMs = Date.now();
  let clientId = randomId(16);

  element.addEventListener('submit', (event) => {
    event.preventDefault();
    if (isSending) return;
    clearErrors();
    const draft: Draft = { authorName: name.value.trim(), authorEmail: email.value.trim(), body: body.value };
    const problems: DraftProblem[] = checkDraft(draft);
    if (problems.length > 0) {
      showProblems(problems);
      return;
    }
    isSending = true;
    setSending(true);
    const submission: Submission = {
      ...draft,
      body: draft.body.trim(),
      clientId,
      honeypot: trap.value,
      elapsedMs: Math.max(0, Date.now() - shownAtMs),
    };
    options.send(submission).then((outcome) => {
      isSending = false;
      setSending(false);
      if (outcome.kind === 'posted') {
        body.value = '';
        // The next comment is a new one, timed from now.
        clientId = randomId(16);
        shownAtMs = Date.now();
        options.onPosted(outcome.comment, { name: draft.authorName, email: draft.authorEmail });
        return;
      }
      if (outcome.kind === 'unreachable') {
        formError.textContent = messages.unreachable;
        return;
      }
      const { error } = outcome;
      const fieldProblems = error.code === 'VALIDATION_FAILED' ? problemsOf(error) : [];
      if (fieldProblems.length > 0) showProblems(fieldProblems);
      // A server newer than this widget may send a code the catalog does not know yet.
      else formError.textContent = messages.errors[error.code] ?? messages.errors.INTERNAL;
    });
  });

  body.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (typeof element.requestSubmit === 'function') element.requestSubmit();
      else submit.click();
    }
  });

  element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && options.onCancel) {
      event.preventDefault();
      options.onCancel();
    }
  });

  return { element, focus: () => body.focus() };
}
