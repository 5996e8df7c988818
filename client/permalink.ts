// Owns permalinks: #comment-ID in the page address brings that comment into view, fetching its conversation if needed.
import type { SortOrder } from '../server/protocol/dto';
import type { Arrivals } from './arrivals';
import { errorText } from './error-text';
import type { LiveThread } from './live';
import type { Messages } from './messages/catalog';
import { idsIn, type Viewer } from './viewer';
import type { ThreadListView } from './views/thread';

export interface PermalinkDeps {
  messages: Messages;
  live: LiveThread;
  viewer: Viewer;
  arrivals: Arrivals;
  list: ThreadListView;
  sort(): SortOrder;
  isFullyLoaded(): boolean;
  /** False until the first view is on screen; that view opens the link itself. */
  isReady(): boolean;
  /** Where a link to a comment that is gone says so. */
  notice: HTMLElement;
}

const HASH = /^#comment-(\d+)$/;

export function commentIdInHash(hash: string): number | null {
  const match = HASH.exec(hash);
  return match ? Number(match[1]) : null;
}

export function createPermalinks(deps: PermalinkDeps): { open(): Promise<void> } {
  let asked = 0;

  /** Opens the threads above the comment, scrolls to it and marks it. */
  function reveal(id: number): void {
    const list = deps.list;
    const target = list.get(id);
    if (!target) return;
    list.openAbove(id);
    for (const marked of Array.from((target.view.item.getRootNode() as ParentNode).querySelectorAll('.is-target'))) {
      marked.classList.remove('is-target');
    }
    target.view.item.classList.add('is-target');
    // Inside a shadow root the browser's own jump to the fragment cannot find it; this scrolls the host page.
    target.view.card.scrollIntoView({ block: 'center' });
    target.view.card.focus({ preventScroll: true });
  }

  return {
    async open() {
      const id = commentIdInHash(location.hash);
      deps.notice.textContent = '';
      if (id === null || !deps.isReady()) return;
      const ticket = ++asked;
      if (!deps.list.get(id) && deps.arrivals.isWaiting(id)) deps.arrivals.letIn(false);
      if (!deps.list.get(id)) {
        const outcome = await deps.live.context(id);
        // The reader followed another link meanwhile: that one wins.
        if (ticket !== asked) return;
        if (outcome.kind !== 'ok') {
          deps.notice.textContent =
            outcome.kind === 'refused' && outcome.error.code === 'COMMENT_NOT_FOUND'
              ? deps.messages.linkedMissing
              : errorText(deps.messages, outcome.kind === 'refused' ? outcome.error : null);
          return;
        }
        const { root, viewer } = outcome.data;
        deps.viewer.learn(viewer, idsIn([root]));
        const list = deps.list;
        const at = list.get(root.id)
          ? 'linked'
          : (list.positionOf(root, deps.sort(), deps.isFullyLoaded()) ?? 'linked');
        list.merge([root], at);
      }
      reveal(id);
    },
  };
}
