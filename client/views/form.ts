// Owns the comment form (top-level, inline reply, inline edit): fields, checks, sending state and error display.
import type { PublicComment, WireError } from '../../server/protocol/dto';
import { h } from '../dom';
import { checkBody, checkDraft, type Draft, type DraftProblem } from '../draft-rules';
import { errorText } from '../error-text';
import { randomId, type RememberedAuthor } from '../identity';
import { CLIENT_LIMITS, charCount } from '../limits';
import type { Outcome } from '../live';
import type { FieldIssue, FormField, Messages } from '../messages/catalog';
import type { PreviewSource } from '../preview';
import { attachRovingFocus, setTabStop } from './roving-focus';

/** What the form hands over to be sent: the reader's fields plus what protects the post. */
export interface Submission extends Draft {
  /** Made once per comment and kept across retries, so a retried post is stored once. */
  clientId: string;
  /** The hidden trap field: people never see it, form-filling bots fill it. */
  honeypot: string;
  /** How long the form was open: a comment sent faster than anyone types is held for review. */
  elapsedMs: number;
  /** "Notify me of replies": the email is subscribed to replies to this comment's author. */
  notifyReplies: boolean;
}

export type FormMode = 'comment' | 'reply' | 'edit';

export interface FormOptions {
  messages: Messages;
  /** Unique within the widget's shadow root, so labels point at the right control. */
  idPrefix: string;
  mode: FormMode;
  label: string;
  author: RememberedAuthor;
  /** The text an edit starts from. */
  initialBody?: string;
  /** Where the Preview tab asks for the draft's render. */
  preview: PreviewSource;
  send(submission: Submission): Promise<Outcome<PublicComment>>;
  onSent(comment: PublicComment, author: RememberedAuthor): void;
  onCancel?(): void;
  /** A refusal that says something about the thread itself (closed, list changed). */
  onRefused?(error: WireError): void;
}

export interface FormView {
  element: HTMLFormElement;
  focus(): void;
}

const FIELDS: readonly FormField[] = ['body', 'authorName', 'authorEmail'];
const ISSUES: readonly FieldIssue[] = ['required', 'wrong_type', 'too_long', 'invalid', 'unknown_field'];
/** From this share of the limit on, the counter warns. */
const NEAR_LIMIT = 0.9;

const FIELD_LIMITS: Record<FormField, number> = {
  authorName: CLIENT_LIMITS.maxNameChars,
  authorEmail: CLIENT_LIMITS.maxEmailChars,
  body: CLIENT_LIMITS.maxBodyChars,
};

type Problem = { field: string; issue: FieldIssue; limit?: number };

/** Reads `details.fields` of a VALIDATION_FAILED error without trusting its shape. */
function problemsOf(error: WireError): Problem[] {
  const fields = (error.details as { fields?: unknown } | null | undefined)?.fields;
  if (!Array.isArray(fields)) return [];
  return fields.flatMap((p: unknown) => {
    const { field, issue, limit } = (p ?? {}) as { field?: unknown; issue?: unknown; limit?: unknown };
    if (typeof field !== 'string' || !ISSUES.includes(issue as FieldIssue)) return [];
    return [{ field, issue: issue as FieldIssue, limit: typeof limit === 'number' ? limit : undefined }];
  });
}

export function createCommentForm(options: FormOptions): FormView {
  const { messages, idPrefix, mode } = options;
  const m = messages.form;
  const isEdit = mode === 'edit';
  const idOf = (field: string) => `${idPrefix}-${field}`;

  const errorSlots = new Map<FormField, HTMLElement>();
  const controls = new Map<FormField, HTMLInputElement | HTMLTextAreaElement>();

  /** `box` is what holds the control on screen, when that is more than the control itself. */
  function field(
    name: FormField,
    label: Node[],
    control: HTMLInputElement | HTMLTextAreaElement,
    box: HTMLElement = control,
  ): HTMLElement {
    control.id = idOf(name);
    control.name = name;
    const error = h('p', { class: 'field-error', id: `${idOf(name)}-error` });
    control.setAttribute('aria-describedby', box === control ? error.id : `${error.id} ${idOf('counter')}`);
    controls.set(name, control);
    errorSlots.set(name, error);
    return h('div', { class: `field field-${name}` }, h('label', { for: control.id }, ...label), box, error);
  }

  const body = h('textarea', {
    rows: mode === 'comment' ? 4 : 3,
    placeholder: mode === 'comment' ? m.bodyPlaceholder : mode === 'reply' ? m.replyPlaceholder : null,
    'aria-required': 'true',
  });
  body.value = options.initialBody ?? '';
  const counter = h('span', { class: 'counter', id: idOf('counter') });
  const composer = h('div', { class: 'composer' }, body);
  const bodyField = field('body', [document.createTextNode(m.bodyLabel)], body, composer);
  // The toolbar loads when the reader starts writing (most readers only read), in the place
  // kept for it; after field(), since it points at the textarea by the id field() gives it.
  const toolbarPlace = h('span', { class: 'toolbar-place' });
  composer.append(
    h('div', { class: 'composer-bar' }, toolbarPlace, counter),
    h('p', { class: 'hint markdown-hint' }, m.markdownHint),
  );
  let isToolbarAsked = false;
  const askToolbar = () => {
    if (isToolbarAsked) return;
    isToolbarAsked = true;
    void import('./format-toolbar').then(({ createFormatToolbar }) =>
      toolbarPlace.replaceWith(createFormatToolbar(messages, body, idPrefix)),
    );
  };
  composer.addEventListener('focusin', askToolbar);
  composer.addEventListener('pointerenter', askToolbar);
  const modes = createModeTabs(messages, idPrefix, composer, options.preview, () => body.value);
  bodyField.insertBefore(modes.tabs, composer);
  composer.after(modes.previewPanel);

  function updateCounter(): void {
    const used = charCount(body.value.trim().normalize('NFC'));
    const limit = CLIENT_LIMITS.maxBodyChars;
    counter.textContent = m.counter(used, limit);
    counter.classList.toggle('is-near', used >= limit * NEAR_LIMIT && used <= limit);
    counter.classList.toggle('is-over', used > limit);
  }
  body.addEventListener('input', updateCounter);
  updateCounter();

  const name = h('input', { type: 'text', autocomplete: 'name', 'aria-required': 'true' });
  const email = h('input', { type: 'email', autocomplete: 'email', inputmode: 'email' });
  name.value = options.author.name;
  email.value = options.author.email;

  const notify = h('input', { type: 'checkbox', id: idOf('notify') });
  // Off screen rather than display:none, which some bots skip; hidden from assistive technology.
  const trap = h('input', { type: 'text', name: 'website', tabindex: '-1', autocomplete: 'off' });
  const authorFields = isEdit
    ? null
    : h(
        'div',
        { class: 'author-fields' },
        field('authorName', [document.createTextNode(m.nameLabel)], name),
        field(
          'authorEmail',
          [document.createTextNode(m.emailLabel + ' '), h('span', { class: 'hint' }, m.emailHint)],
          email,
        ),
        h('div', { class: 'trap', 'aria-hidden': 'true' }, h('label', null, 'Website', trap)),
        h('div', { class: 'notify' }, notify, h('label', { for: notify.id }, m.notifyReplies)),
      );

  // A returning guest sees who they are commenting as, not two fields already filled in.
  const guestName = h('bdi', { dir: 'auto' });
  const guestLabel = h('span', null);
  const changeName = h('button', { type: 'button', class: 'button quiet small change-name' }, m.changeName);
  const guest = isEdit ? null : h('p', { class: 'guest-label', hidden: true }, guestLabel, ' ', changeName);

  function showGuest(authorName: string): void {
    if (!guest || !authorFields || authorName === '') return;
    // The catalog's sentence with the name in its own direction, wherever the language puts it.
    const [before, after = ''] = m.commentingAs('\u0000').split('\u0000');
    guestName.textContent = authorName;
    guestLabel.replaceChildren(before, guestName, after);
    guest.hidden = false;
    authorFields.hidden = true;
  }

  function revealAuthor(): void {
    if (!guest || !authorFields) return;
    guest.hidden = true;
    authorFields.hidden = false;
  }

  changeName.addEventListener('click', () => {
    revealAuthor();
    name.focus();
    name.select();
  });
  showGuest(options.author.name.trim());

  const formError = h('p', { class: 'form-error', role: 'alert' });
  const submitLabel = mode === 'comment' ? m.submit : mode === 'reply' ? m.submitReply : m.save;
  const submit = h('button', { type: 'submit', class: 'button primary' }, submitLabel);
  const cancel = options.onCancel
    ? h('button', { type: 'button', class: 'button quiet', onclick: () => options.onCancel?.() }, m.cancel)
    : null;

  const element = h(
    'form',
    // Pages and tests know the top-level form as plain `form.form`.
    { class: mode === 'comment' ? 'form' : `form ${mode}-form`, novalidate: true, 'aria-label': options.label },
    guest,
    bodyField,
    authorFields,
    formError,
    h('div', { class: 'form-actions' }, h('span', { class: 'hint shortcut' }, m.shortcutHint), cancel, submit),
  );

  /**
   * `serverMessage`: the refusal's own words, for a body the server refuses although the form's
   * checks pass (a body that would show no text): "please write a comment" next to a full box
   * would be wrong, and the server knows why it refused.
   */
  function showProblems(problems: readonly Problem[], serverMessage: string | null = null): void {
    let isFallbackShown = false;
    // A problem with the name or email must be seen where it can be fixed.
    if (problems.some((p) => p.field !== 'body')) revealAuthor();
    for (const problem of problems) {
      const slot = errorSlots.get(problem.field as FormField);
      const control = controls.get(problem.field as FormField);
      if (!slot || !control || problem.issue === 'wrong_type' || problem.issue === 'unknown_field') {
        if (!isFallbackShown) formError.textContent = messages.fieldFallback;
        isFallbackShown = true;
        continue;
      }
      if (slot.textContent) continue;
      const text = messages.fields[problem.field as FormField];
      const isServerOnly =
        serverMessage !== null &&
        problem.field === 'body' &&
        problem.issue !== 'too_long' &&
        checkBody(body.value).length === 0;
      slot.textContent = isServerOnly
        ? serverMessage
        : problem.issue === 'too_long'
          ? text.tooLong(problem.limit ?? FIELD_LIMITS[problem.field as FormField])
          : problem.issue === 'required'
            ? text.required
            : text.invalid;
      control.setAttribute('aria-invalid', 'true');
    }
    // Focus goes to the first field the reader must fix, in the order the fields appear.
    FIELDS.map((f) => controls.get(f))
      .find((c) => c?.getAttribute('aria-invalid') === 'true')
      ?.focus();
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
    // A problem is shown next to the box, so the box must be in view.
    modes.showWrite(false);
    const draft: Draft = { authorName: name.value.trim(), authorEmail: email.value.trim(), body: body.value };
    // An edit keeps its author; only the text is checked.
    const problems: DraftProblem[] = isEdit ? checkBody(draft.body) : checkDraft(draft);
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
      notifyReplies: !isEdit && notify.checked,
    };
    void options.send(submission).then((outcome) => {
      isSending = false;
      setSending(false);
      if (outcome.kind === 'ok') {
        modes.showWrite(false);
        body.value = '';
        updateCounter();
        // The next comment is a new one, timed from now.
        clientId = randomId(16);
        shownAtMs = Date.now();
        options.onSent(outcome.data, { name: draft.authorName, email: draft.authorEmail });
        if (!isEdit) showGuest(draft.authorName);
        return;
      }
      const error = outcome.kind === 'refused' ? outcome.error : null;
      const fieldProblems = error?.code === 'VALIDATION_FAILED' ? problemsOf(error) : [];
      if (fieldProblems.length > 0) showProblems(fieldProblems, error?.message || null);
      else formError.textContent = errorText(messages, error);
      if (error) options.onRefused?.(error);
    });
  });

  body.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      element.requestSubmit();
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

interface ModeTabs {
  tabs: HTMLElement;
  previewPanel: HTMLElement;
  /** Back to the box; `isFocused`: focus goes to its tab. */
  showWrite(isFocused: boolean): void;
}

/**
 * The Write / Preview tab pair. Preview asks the server for the draft's render through a
 * module loaded on first use, so readers who never preview never download it.
 */
function createModeTabs(
  messages: Messages,
  idPrefix: string,
  composer: HTMLElement,
  source: PreviewSource,
  draft: () => string,
): ModeTabs {
  const m = messages.form;
  const writeTab = h(
    'button',
    { type: 'button', role: 'tab', id: `${idPrefix}-write-tab`, class: 'mode-tab' },
    m.write,
  );
  const previewTab = h(
    'button',
    { type: 'button', role: 'tab', id: `${idPrefix}-preview-tab`, class: 'mode-tab' },
    m.preview,
  );
  const previewPanel = h('div', {
    role: 'tabpanel',
    id: `${idPrefix}-preview`,
    class: 'preview',
    dir: 'auto',
    tabindex: '0',
    'aria-labelledby': previewTab.id,
    'aria-live': 'polite',
    hidden: true,
  });
  composer.id = `${idPrefix}-write`;
  composer.setAttribute('role', 'tabpanel');
  composer.setAttribute('aria-labelledby', writeTab.id);
  writeTab.setAttribute('aria-controls', composer.id);
  previewTab.setAttribute('aria-controls', previewPanel.id);
  const items = [writeTab, previewTab];
  const tabs = h('div', { class: 'mode-tabs', role: 'tablist', 'aria-label': m.modesLabel }, ...items);
  attachRovingFocus(tabs, items);
  /** Only the latest request may fill the panel. */
  let asked = 0;

  function select(isPreview: boolean): void {
    writeTab.setAttribute('aria-selected', String(!isPreview));
    previewTab.setAttribute('aria-selected', String(isPreview));
    setTabStop(items, isPreview ? previewTab : writeTab);
    composer.hidden = isPreview;
    previewPanel.hidden = !isPreview;
  }

  async function showPreview(): Promise<void> {
    select(true);
    const text = draft().trim();
    const request = ++asked;
    if (text === '') {
      previewPanel.replaceChildren(h('p', { class: 'hint' }, m.previewEmpty));
      return;
    }
    previewPanel.replaceChildren(h('p', { class: 'hint' }, m.previewLoading));
    previewPanel.setAttribute('aria-busy', 'true');
    const { fetchPreview } = await import('../preview');
    const outcome = await fetchPreview(source, text);
    if (request !== asked) return;
    previewPanel.removeAttribute('aria-busy');
    if (outcome.kind === 'ok') previewPanel.replaceChildren(outcome.fragment);
    else {
      const error = outcome.kind === 'refused' ? outcome.error : null;
      previewPanel.replaceChildren(h('p', { class: 'form-error' }, errorText(messages, error)));
    }
  }

  function showWrite(isFocused: boolean): void {
    asked++;
    select(false);
    if (isFocused) writeTab.focus();
  }

  writeTab.addEventListener('click', () => showWrite(true));
  previewTab.addEventListener('click', () => void showPreview());
  // Arrow keys move focus between the tabs and select the one reached, as tabs do.
  tabs.addEventListener('keydown', (event) => {
    if (!/^(Arrow(Left|Right|Up|Down)|Home|End)$/.test(event.key)) return;
    queueMicrotask(() => {
      if (document.activeElement === previewTab || previewTab.matches(':focus')) void showPreview();
      else if (writeTab.matches(':focus')) showWrite(false);
    });
  });
  select(false);
  return { tabs, previewPanel, showWrite };
}
