// Owns the dashboard page's start: resume or ask for a session, then mount the dashboard; back to login when it ends.
import { clear, h } from '../dom';
import { ApiError, createAdminApi } from './api';
import type { Session } from './api-types';
import { mountDashboard, type MountedDashboard } from './dashboard-shell';
import { describeError } from './error-text';
import { focusLogin, renderLoginView } from './login-view';
import { messages } from './messages';

function start(): void {
  const topbar = document.getElementById('topbar');
  const main = document.getElementById('main');
  if (!topbar || !main) return;
  const api = createAdminApi();
  let dashboard: MountedDashboard | null = null;

  function showLogin(notice?: string): void {
    dashboard?.close();
    dashboard = null;
    api.setCsrfToken(null);
    topbar!.hidden = true;
    clear(main!);
    main!.appendChild(renderLoginView({ api, notice, onLoggedIn: showDashboard }));
    focusLogin(main!);
  }

  function showDashboard(session: Session): void {
    api.setCsrfToken(session.csrfToken);
    dashboard = mountDashboard({
      api,
      session,
      topbar: topbar!,
      main: main!,
      onLoggedOut: () => showLogin(messages.login.loggedOut),
    });
  }

  api.onUnauthenticated(() => {
    if (dashboard) showLogin(messages.login.sessionEnded);
  });

  clear(main);
  main.appendChild(h('p', { class: 'boot', role: 'status' }, messages.loading));
  api.session().then(showDashboard, (err) => {
    showLogin(err instanceof ApiError && err.code === 'UNAUTHENTICATED' ? undefined : describeError(err));
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
