// Owns opening a page's thread: creating it within the opener's network allowance, and keeping the page's address as its own site sends it.
import type { Limiter } from '../abuse/rate-limiter';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { EventSink } from '../events';
import { isAddressReplaced, isAddressVouched } from './page-address';
import type { PageAddress, Thread } from './thread';
import type { ThreadEvents } from './thread-events';
import type { OpenThreadInput } from './thread-input';
import type { ThreadStore } from './thread-store';

/** Who opens a page, as far as creating its thread needs to know. */
export interface PageOpener {
  /** The request's Origin header: the site whose page sent it, as the browser says. */
  origin: string | undefined;
  /** The opener's network (its keyed hash), worked out only when the open must write. */
  network(): string | null;
}

export interface ThreadServiceDeps {
  storage: { threads: ThreadStore };
  events: EventSink<ThreadEvents>;
  clock: Clock;
  limiter: Limiter;
  /** Sites whose pages may vouch for a page's address; null (any site) vouches for none. */
  allowedOrigins: readonly string[] | null;
}

export type ThreadService = ReturnType<typeof createThreadService>;

export function createThreadService({ storage, events, clock, limiter, allowedOrigins }: ThreadServiceDeps) {
  /** Whether opening with `page` would write: the stored address gives way to a vouched, different one. */
  function isRewriting(stored: PageAddress, page: OpenThreadInput, opener: PageOpener): boolean {
    // Compared first: nearly every open sends what is stored, and then nothing needs parsing.
    if (stored.isPageVerified && stored.url === page.url && stored.title === page.title) return false;
    return isAddressReplaced(stored, page, isAddressVouched(page.url, opener.origin, allowedOrigins));
  }

  async function correct(thread: Thread, page: OpenThreadInput, opener: PageOpener): Promise<Thread> {
    try {
      // A correction is a write like a creation, from the same allowance. Past it, the page
      // still opens; its address is corrected by a later open.
      await limiter.spend('thread', { authorKey: null, ipHash: opener.network() });
    } catch (err) {
      if (err instanceof AppError && err.code === 'RATE_LIMITED') return thread;
      throw err;
    }
    return (
      (await storage.threads.setPageAddress(thread.id, { url: page.url, title: page.title, isPageVerified: true })) ??
      thread
    );
  }

  return {
    isRewriting,

    /**
     * The page's thread, created on first use. Creating one spends from the opener's network
     * allowance (RATE_LIMITED past it); opening an existing one is a read, unless a page of
     * the site itself sends a newer address (then it is corrected, within the same allowance).
     */
    async openPage(page: OpenThreadInput, opener: PageOpener): Promise<{ thread: Thread; isChanged: boolean }> {
      const found = await storage.threads.findThreadByPageId(page.pageId);
      if (found) {
        if (!isRewriting(found, page, opener)) return { thread: found, isChanged: false };
        const corrected = await correct(found, page, opener);
        return { thread: corrected, isChanged: corrected !== found };
      }
      await limiter.spend('thread', { authorKey: null, ipHash: opener.network() });
      const isPageVerified = isAddressVouched(page.url, opener.origin, allowedOrigins);
      const thread = await storage.threads.ensureThread({ ...page, isPageVerified, createdAtMs: clock.now() });
      events.emit('thread:created', { thread });
      return { thread, isChanged: true };
    },
  };
}
