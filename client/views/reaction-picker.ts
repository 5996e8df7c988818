// Owns the set of reactions a reader chooses from, loaded the first time a reader opens it: five toggles, arrow keys between them, Escape to leave.
import type { Reaction } from '../../server/protocol/dto';
import { h } from '../dom';
import type { Messages } from '../messages/catalog';
import { REACTION_EMOJI, REACTION_ORDER } from '../reactions';

export interface ReactionPickerOptions {
  messages: Messages;
  id: string;
  /** The reader's reactions on the comment now. */
  mine: readonly Reaction[];
  onPick(reaction: Reaction): void;
  onClose(): void;
}

export function createReactionPicker({ messages, id, mine, onPick, onClose }: ReactionPickerOptions) {
  const m = messages.comment;
  const buttons = REACTION_ORDER.map((reaction) =>
    h(
      'button',
      {
        type: 'button',
        class: 'reaction',
        'data-reaction': reaction,
        'aria-label': m.reactionNames[reaction],
        'aria-pressed': String(mine.includes(reaction)),
        onclick: () => onPick(reaction),
      },
      REACTION_EMOJI[reaction],
    ),
  );
  const element = h('div', { class: 'reaction-picker', id, role: 'group', 'aria-label': m.reactionPicker }, ...buttons);
  element.addEventListener('keydown', (event) => {
    const at = buttons.indexOf(event.target as HTMLButtonElement);
    const step =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? 1
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? -1
          : 0;
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    } else if (step !== 0 && at >= 0) {
      event.preventDefault();
      // Right means "next" in reading order: on a right-to-left page that is to the left.
      const forward =
        messages.dir === 'rtl' && event.key.startsWith('Arrow') && /Left|Right/.test(event.key) ? -step : step;
      buttons[(at + forward + buttons.length) % buttons.length].focus();
    }
  });
  return { element, focus: () => buttons[0].focus() };
}
