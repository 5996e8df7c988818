// Owns the header's "Subscribe" control: a button that opens the subscription panel, whose module loads on first use.
import { h } from './dom';
import type { RememberedAuthor } from './identity';
import type { Messages } from './messages/catalog';

export interface SubscribeControlOptions {
  messages: Messages;
  idPrefix: string;
  origin: string;
  token: string;
  header: HTMLElement;
  threadId(): number | null;
  author(): RememberedAuthor;
  remember(author: RememberedAuthor): void;
}

export function attachSubscribeControl(options: SubscribeControlOptions): void {
  const panelId = `${options.idPrefix}-subscribe`;
  const button = h(
    'button',
    { type: 'button', class: 'button quiet subscribe', 'aria-expanded': 'false', 'aria-controls': panelId },
    options.messages.subscribe.open,
  );
  let panel: HTMLElement | null = null;
  function close(): void {
    panel?.remove();
    panel = null;
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  }
  button.addEventListener('click', async () => {
    if (panel !== null) return close();
    const { createSubscribePanel } = await import('./views/subscribe-panel');
    const view = createSubscribePanel({ ...options, id: panelId, onClose: close });
    panel = view.element;
    options.header.after(panel);
    button.setAttribute('aria-expanded', 'true');
    view.focus();
  });
  options.header.append(button);
}
