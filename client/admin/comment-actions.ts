// Owns what each button on a listed comment does: the API call, its dialog or inline editor, and what is said after.
import { clear, h } from '../dom';
import type { AdminApi } from './api';
import type { ModComment } from './api-types';
import { openBanDialog } from './ban-dialog';
import { authorLabelOf, type CommentItemView } from './comment-item';
import { openDialog, reasonField } from './dialogs';
import { describeError } from './error-text';
import { messages } from './messages';
import type { ItemAction } from './queue-rules';

export interface ActionDeps {
  api: AdminApi;
  announce(text: string, tone?: 'ok' | 'error'): void;
  /** Puts the comment's new state in the list (in place, moved out, or left alone). */
  applyChange(comment: ModComment): void;
  /** Many comments may have changed at once: fetch the list again. */
  reloadList(): void;
  /** The list holds back redraws of a comment while its editor is open. */
  setEditing(commentId: number, isEditing: boolean): void;
}

const a = messages.actions;

function fail(deps: ActionDeps, view: CommentItemView, err: unknown): void {
  const text = describeError(err);
  view.error.textContent = text;
  deps.announce(a.failed(text), 'error');
}

async function simple(
  deps: ActionDeps,
  view: CommentItemView,
  button: HTMLButtonElement,
  call: () => Promise<ModComment>,
  done: string,
): Promise<void> {
  button.disabled = true;
  view.error.textContent = '';
  try {
    const updated = await call();
    deps.announce(done);
    deps.applyChange(updated);
  } catch (err) {
    fail(deps, view, err);
  } finally {
    button.disabled = false;
  }
}

function openEditor(deps: ActionDeps, comment: ModComment, view: CommentItemView): void {
  const id = `edit-${comment.id}`;
  const saved = Array.from(view.body.childNodes);
  const textarea = h('textarea', {
    id,
    name: 'body',
    rows: Math.min(12, Math.max(4, comment.bodySource.split('\n').length + 1)),
    class: 'editor-text',
  });
  textarea.value = comment.bodySource;
  const save = h('button', { type: 'submit', class: 'button small primary' }, a.save);
  const cancel = h('button', { type: 'button', class: 'button small' }, a.cancel);
  const form = h(
    'form',
    { class: 'editor' },
    h('label', { for: id, class: 'visually-hidden' }, a.editLabel),
    textarea,
    h('div', { class: 'editor-buttons' }, save, cancel),
  );

  const close = () => {
    clear(view.body);
    for (const node of saved) view.body.appendChild(node);
    deps.setEditing(comment.id, false);
  };
  cancel.addEventListener('click', () => {
    close();
    view.element.querySelector<HTMLButtonElement>('button[data-action="edit"]')?.focus();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    save.disabled = true;
    view.error.textContent = '';
    try {
      const updated = await deps.api.edit(comment.id, textarea.value);
      deps.announce(a.edited);
      deps.setEditing(comment.id, false);
      deps.applyChange(updated);
    } catch (err) {
      fail(deps, view, err);
      save.disabled = false;
    }
  });
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      cancel.click();
    }
  });

  deps.setEditing(comment.id, true);
  clear(view.body);
  view.body.appendChild(form);
  textarea.focus();
}

export function runItemAction(
  deps: ActionDeps,
  comment: ModComment,
  action: ItemAction,
  view: CommentItemView,
  button: HTMLButtonElement,
): void {
  const { api } = deps;
  const author = authorLabelOf(comment);
  const d = messages.dialogs;
  switch (action) {
    case 'approve':
    case 'spam':
    case 'restore':
    case 'dismiss-reports':
      void simple(deps, view, button, () => api.act(comment.id, action), a.done[action]);
      return;
    case 'pin':
    case 'unpin':
      void simple(
        deps,
        view,
        button,
        () => api.pin(comment.id, action === 'pin'),
        action === 'pin' ? a.pinned : a.unpinned,
      );
      return;
    case 'edit':
      openEditor(deps, comment, view);
      return;
    case 'remove': {
      const reason = reasonField();
      openDialog({
        title: d.removeTitle,
        intro: d.removeIntro(author),
        fields: [reason.element],
        confirmLabel: d.removeConfirm,
        tone: 'danger',
        async onConfirm() {
          const updated = await api.act(comment.id, 'remove', reason.value());
          deps.announce(a.done.remove);
          deps.applyChange(updated);
        },
      });
      return;
    }
    case 'remove-all': {
      const reason = reasonField();
      openDialog({
        title: d.removeAllTitle,
        intro: d.removeAllIntro(author, comment.authorCommentCount),
        fields: [reason.element],
        confirmLabel: d.removeAllConfirm,
        tone: 'danger',
        async onConfirm() {
          const { removedCount } = await api.removeAuthorComments(comment.id, reason.value());
          deps.announce(a.removedAll(removedCount));
          deps.reloadList();
        },
      });
      return;
    }
    case 'ban':
      openBanDialog(api, comment, author, ({ banCount, removedCount }) => {
        deps.announce(a.banned(banCount, removedCount));
        if (removedCount > 0) deps.reloadList();
      });
      return;
  }
}
