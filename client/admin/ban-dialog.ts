// Owns the ban dialog: which facts to ban by, for how long, why, and whether to sweep the author's comments.
import { h } from '../dom';
import type { AdminApi } from './api';
import type { BanKind, ModComment } from './api-types';
import { openDialog, reasonField } from './dialogs';
import { messages } from './messages';

export interface BanOutcome {
  banCount: number;
  removedCount: number;
}

const FACT_OF: Record<BanKind, (c: ModComment) => string | null> = {
  identity: (c) => c.authorKey,
  email: (c) => c.authorEmail,
  ip: (c) => c.ipHash,
};

export function openBanDialog(
  api: AdminApi,
  comment: ModComment,
  authorLabel: string,
  onBanned: (outcome: BanOutcome) => void,
): void {
  const m = messages.dialogs;
  const kinds: BanKind[] = ['identity', 'email', 'ip'];
  // What a ban by network would also reach, filled in when the server has counted it.
  const networkHint = h('p', { class: 'hint', id: 'ban-by-ip-hint' }, comment.ipHash === null ? '' : m.banIpCounting);
  const boxes = kinds.map((kind) => {
    const fact = FACT_OF[kind](comment);
    const id = `ban-by-${kind}`;
    const isNetwork = kind === 'ip';
    const box = h('input', {
      type: 'checkbox',
      id,
      name: 'by',
      value: kind,
      // A network holds other readers too (an office, a school, a carrier's NAT): banning it is
      // a choice the moderator makes knowingly, never a default.
      checked: fact !== null && !isNetwork,
      disabled: fact === null,
      'aria-describedby': isNetwork && fact !== null ? networkHint.id : null,
    });
    const detail = h('span', { class: 'choice-detail' }, fact ?? m.banKindMissing);
    const choice = h('div', { class: 'choice' }, box, h('label', { for: id }, m.banKinds[kind], ' ', detail));
    return {
      kind,
      box,
      element: isNetwork && fact !== null ? h('div', null, choice, networkHint) : choice,
    };
  });
  if (comment.ipHash !== null)
    api.networkNeighbours(comment.id).then(
      ({ otherReaderCount, windowDays }) => {
        networkHint.textContent = otherReaderCount === null ? '' : m.banIpNeighbours(otherReaderCount, windowDays);
      },
      () => {
        networkHint.textContent = m.banIpNeighboursUnknown;
      },
    );
  const durations = m.banDurations.map((d, i) => {
    const id = `ban-days-${i}`;
    const radio = h('input', {
      type: 'radio',
      id,
      name: 'days',
      value: d.days === null ? 'forever' : String(d.days),
      checked: d.days === 7,
    });
    return { days: d.days, radio, element: h('div', { class: 'choice' }, radio, h('label', { for: id }, d.label)) };
  });
  const reason = reasonField();
  const removeBox = h('input', { type: 'checkbox', id: 'ban-remove-comments', name: 'removeComments' });

  openDialog({
    title: m.banTitle(authorLabel),
    confirmLabel: m.banConfirm,
    tone: 'danger',
    fields: [
      h('fieldset', { class: 'choices' }, h('legend', null, m.banBy), ...boxes.map((b) => b.element)),
      h('fieldset', { class: 'choices inline' }, h('legend', null, m.banDuration), ...durations.map((d) => d.element)),
      reason.element,
      h('div', { class: 'choice' }, removeBox, h('label', { for: 'ban-remove-comments' }, m.banRemoveComments)),
    ],
    async onConfirm() {
      const by = boxes.filter((b) => b.box.checked && !b.box.disabled).map((b) => b.kind);
      if (by.length === 0) return m.banNeedsKind;
      const days = durations.find((d) => d.radio.checked)?.days ?? null;
      const result = await api.ban({
        commentId: comment.id,
        by,
        days,
        reason: reason.value() || undefined,
        removeComments: removeBox.checked,
      });
      onBanned({ banCount: result.bans.length, removedCount: result.removedCount });
    },
  });
}
