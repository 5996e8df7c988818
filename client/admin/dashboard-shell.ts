// Owns the signed-in dashboard: top bar, section tabs, the status region, and wiring live events to the sections.
import { clear, h } from '../dom';
import { ApiError, type AdminApi } from './api';
import type { Session } from './api-types';
import { createAnnouncer } from './announcer';
import { createAuditView } from './audit-view';
import { createBansView } from './bans-view';
import { setDialogHost } from './dialogs';
import { refreshTimes } from './format';
import { connectLive, type LiveState } from './live';
import { messages } from './messages';
import { createModeratorsView } from './moderators-view';
import { createOutboxView } from './outbox-view';
import { createQueueView } from './queue-view';
import { createSettingsView } from './settings-view';
import { createTabs, type TabSpec } from './tabs';
import { createThreadsView } from './threads-view';

type TabKey = 'comments' | 'threads' | 'bans' | 'audit' | 'settings' | 'moderators' | 'outbox';

export interface MountedDashboard {
  close(): void;
}

const TIME_REFRESH_MS = 60_000;

export function mountDashboard({
  api,
  session,
  topbar,
  main,
  onLoggedOut,
}: {
  api: AdminApi;
  session: Session;
  topbar: HTMLElement;
  main: HTMLElement;
  onLoggedOut(): void;
}): MountedDashboard {
  const me = session.moderator;
  const isAdmin = me.role === 'admin';
  const s = messages.shell;
  const announcer = createAnnouncer();
  const announce = announcer.say;

  const queue = createQueueView({ api, announce });
  const threads = createThreadsView({
    api,
    announce,
    onShowComments(threadId, label) {
      tabs.select('comments');
      queue.showThreadComments(threadId, label);
    },
  });
  const bans = createBansView({ api, announce });
  const audit = createAuditView({ api, announce });
  const settings = createSettingsView({ api, announce, isAdmin });
  const moderators = isAdmin
    ? createModeratorsView({ api, announce, currentId: me.id, onLoaded: (list) => audit.setModerators(list) })
    : null;
  audit.setModerators([me]);

  let hasLoadedAudit = false;
  const specs: TabSpec<TabKey>[] = [
    { key: 'comments', label: s.tabs.comments, panel: queue.element },
    { key: 'threads', label: s.tabs.threads, panel: threads.element, onShow: () => void threads.load() },
    { key: 'bans', label: s.tabs.bans, panel: bans.element, onShow: () => void bans.load() },
    {
      key: 'audit',
      label: s.tabs.audit,
      panel: audit.element,
      onShow: () => {
        // Live entries keep an open log current; it is fetched once.
        if (!hasLoadedAudit) void audit.load();
        hasLoadedAudit = true;
      },
    },
    { key: 'settings', label: s.tabs.settings, panel: settings.element, onShow: () => void settings.load() },
  ];
  // Readers' addresses: the outbox is the admins' alone, as its API is.
  if (isAdmin) {
    const outbox = createOutboxView({ api });
    specs.push({ key: 'outbox', label: s.tabs.outbox, panel: outbox.element, onShow: () => void outbox.load() });
  }
  if (moderators)
    specs.push({
      key: 'moderators',
      label: s.tabs.moderators,
      panel: moderators.element,
      onShow: () => void moderators.load(),
    });

  // A mail's link to one comment (/admin#comment-ID) opens it among its author's comments; read before the tabs set the address.
  const linkedComment = /^#comment-(\d{1,15})$/.exec(location.hash);
  const fromHash = location.hash.slice(1) as TabKey;
  const initial = specs.some((t) => t.key === fromHash) ? fromHash : 'comments';
  const tabs = createTabs<TabKey>(s.sections, specs, initial, (key) => {
    history.replaceState(null, '', key === 'comments' ? location.pathname : `#${key}`);
  });

  const liveDot = h('span', { class: 'live-state', 'data-state': 'connecting', title: s.liveLabel }, s.reconnecting);
  const liveText: Record<LiveState, string> = {
    connecting: s.reconnecting,
    live: s.live,
    offline: s.offline,
    refused: s.refused,
  };
  const logout = h('button', { type: 'button', class: 'button quiet', id: 'logout' }, s.logout);
  logout.addEventListener('click', async () => {
    logout.disabled = true;
    try {
      await api.logout();
    } catch (err) {
      // The server may already have forgotten the session; leaving is still right unless it never answered.
      if (err instanceof ApiError && err.code === 'NETWORK') {
        announce(messages.actions.failed(messages.networkError), 'error');
        logout.disabled = false;
        return;
      }
    }
    onLoggedOut();
  });

  clear(topbar);
  topbar.append(
    h(
      'div',
      { class: 'brand' },
      h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'P'),
      h('h1', { class: 'brand-name' }, messages.appName),
    ),
    tabs.list,
    h('div', { class: 'account' }, liveDot, h('span', { class: 'who' }, s.signedInAs(me.displayName, me.role)), logout),
  );
  topbar.hidden = false;
  clear(main);
  main.append(...tabs.panels, announcer.element);
  setDialogHost(main);
  tabs.select(initial);

  async function refreshCounts(): Promise<void> {
    try {
      queue.setCounts(await api.counts());
    } catch {
      // The live channel sends counts too; a failed look-up here only delays them.
    }
  }

  const live = connectLive({
    onCounts: queue.setCounts,
    onComment: queue.applyChange,
    onAudit: audit.onEntry,
    onThread: threads.onThreadChanged,
    onState(state) {
      liveDot.dataset.state = state;
      liveDot.textContent = liveText[state];
      // A refused handshake usually means the session ended; asking proves it and leads back to login.
      if (state === 'refused') api.session().catch(() => undefined);
    },
    onReconnect() {
      void refreshCounts();
      void queue.reload();
      if (tabs.current() === 'threads') void threads.load();
      if (hasLoadedAudit) void audit.load();
    },
  });

  void refreshCounts();
  if (linkedComment) void queue.showComment(Number(linkedComment[1]));
  else void queue.reload();
  const timer = setInterval(() => refreshTimes(main), TIME_REFRESH_MS);

  return {
    close() {
      live.close();
      clearInterval(timer);
      clear(topbar);
      topbar.hidden = true;
    },
  };
}
