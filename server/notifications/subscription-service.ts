// Owns the readers' subscription use cases: subscribe to a thread, confirm an address, see and end subscriptions from a mail link.
import type { Limiter } from '../abuse/rate-limiter';
import type { BanStore } from '../bans/ban';
import type { Clock } from '../clock';
import type { Actor } from '../identity/actor';
import type { ThreadStore } from '../threads/thread-store';
import { threadNotFound } from '../threads/thread-rules';
import type { UnitOfWork } from '../unit-of-work';
import { readMailToken, signMailToken, type MailToken } from './mail-tokens';
import { subscribeInUnit, type NoticeStores } from './notice-queue';
import type { SubscribeInput } from './subscription-input';
import type { SubscriptionKind } from './subscription-store';

export type SubscriptionStores = NoticeStores & { threads: ThreadStore; bans: BanStore };

export interface SubscriptionServiceDeps {
  storage: SubscriptionStores & UnitOfWork<SubscriptionStores>;
  clock: Clock;
  limiter: Limiter;
  /** The key mail links are signed with. */
  mailKey: Buffer;
}

/** One subscription as the subscriptions page lists it. */
export interface SubscriptionEntry {
  id: number;
  kind: SubscriptionKind;
  threadTitle: string | null;
  threadUrl: string | null;
}

/** What a mail link opens: the address's subscriptions, and a token to end them with. */
export interface SubscriptionsView {
  email: string;
  isConfirmed: boolean;
  /** This visit confirmed the address. */
  isJustConfirmed: boolean;
  /** Subscriptions this visit ended. */
  endedCount: number;
  manageToken: string;
  subscriptions: SubscriptionEntry[];
}

export type SubscriptionService = ReturnType<typeof createSubscriptionService>;

export function createSubscriptionService({ storage, clock, limiter, mailKey }: SubscriptionServiceDeps) {
  async function viewOf(
    email: string,
    extra: { isJustConfirmed?: boolean; endedCount?: number } = {},
  ): Promise<SubscriptionsView> {
    const address = await storage.subscriptions.findAddress(email);
    const subscriptions: SubscriptionEntry[] = [];
    for (const s of await storage.subscriptions.listSubscriptionsByEmail(email)) {
      const thread = await storage.threads.findThreadById(s.threadId);
      subscriptions.push({
        id: s.id,
        kind: s.kind,
        threadTitle: thread?.title ?? null,
        threadUrl: thread?.url ?? null,
      });
    }
    return {
      email,
      isConfirmed: address?.confirmedAtMs != null,
      isJustConfirmed: extra.isJustConfirmed ?? false,
      endedCount: extra.endedCount ?? 0,
      manageToken: signMailToken(mailKey, { purpose: 'manage', email, subscriptionId: null, expiresAtMs: null }),
      subscriptions,
    };
  }

  function read(token: string, purposes: MailToken['purpose'][]): MailToken {
    return readMailToken(mailKey, token, purposes, clock.now());
  }

  return {
    /** Subscribes an address to a thread; a guest's address must be confirmed before anything but that request is sent. */
    async subscribe(
      input: SubscribeInput,
      actor: Actor,
    ): Promise<{ kind: SubscriptionKind; status: 'active' | 'pending' }> {
      await limiter.spend('subscribe', actor);
      const nowMs = clock.now();
      const { isActive } = await storage.transaction(async (tx) => {
        const thread = await tx.threads.findThreadById(input.threadId);
        if (thread === null) throw threadNotFound(input.threadId);
        return subscribeInUnit(
          tx,
          { threadId: thread.id, email: input.email, kind: input.kind, authorKey: actor.authorKey },
          nowMs,
        );
      });
      return { kind: input.kind, status: isActive ? 'active' : 'pending' };
    },

    /** A mail link followed: a confirmation link confirms the address first; every link shows the address's subscriptions. */
    async openLink(token: string): Promise<SubscriptionsView> {
      const link = read(token, ['confirm', 'manage', 'unsubscribe']);
      if (link.purpose !== 'confirm') return viewOf(link.email);
      const address = await storage.subscriptions.findAddress(link.email);
      const wasConfirmed = address?.confirmedAtMs != null;
      if (!wasConfirmed) await storage.subscriptions.confirmAddress(link.email, clock.now());
      return viewOf(link.email, { isJustConfirmed: !wasConfirmed });
    },

    /** Ends one of the link's address's subscriptions, or all of them. */
    async endFromLink(token: string, subscriptionId: number | null): Promise<SubscriptionsView> {
      const link = read(token, ['confirm', 'manage', 'unsubscribe']);
      const endedCount = await storage.subscriptions.endSubscriptions(link.email, subscriptionId, clock.now());
      return viewOf(link.email, { endedCount });
    },

    /** RFC 8058 one-click: ends the subscription the mail was sent for, with no page in between. */
    async unsubscribeOneClick(token: string): Promise<void> {
      const link = read(token, ['unsubscribe']);
      await storage.subscriptions.endSubscriptions(link.email, link.subscriptionId, clock.now());
    },
  };
}
