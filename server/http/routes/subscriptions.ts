// Owns the subscription endpoints: subscribe to a thread by email, and what mail links open (the page, its forms, RFC 8058 one-click).
import { AppError } from '../../errors';
import { parseEndForm, parseLinkQuery, parseSubscribe } from '../../notifications/subscription-input';
import type { SubscriptionService } from '../../notifications/subscription-service';
import { route, Reply, type Route } from '../route';
import { linkRefusedPage, PAGE_HEADERS, subscriptionsPage } from '../subscription-page';
import { parseIdParam } from './params';

const threadIdOf = (raw: string | undefined) => parseIdParam(raw, 'THREAD_NOT_FOUND', 'comment thread');

/** A refused link shows a page saying so, with the status its code travels with. */
async function pageOrRefusal(work: () => Promise<string>): Promise<string | Reply> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AppError && (err.code === 'MAIL_LINK_INVALID' || err.code === 'VALIDATION_FAILED'))
      return new Reply(err.status, linkRefusedPage(err.publicMessage));
    throw err;
  }
}

export function subscriptionRoutes({ subscriptions }: { subscriptions: SubscriptionService }): Route[] {
  return [
    route({
      method: 'POST',
      path: '/api/threads/:threadId/subscriptions',
      body: 'json',
      identity: 'reader-write',
      status: 200,
      answer: 'json',
      parse: ({ params, body }) => parseSubscribe(body, { threadId: threadIdOf(params.threadId) }),
      handle: (input, caller) => subscriptions.subscribe(input, caller.actor()),
    }),

    // Every mail link opens this page: a confirmation link confirms the address first.
    route({
      method: 'GET',
      path: '/subscriptions',
      body: 'none',
      identity: 'none',
      status: 200,
      answer: 'html',
      headers: PAGE_HEADERS,
      parse: ({ query }) => ({ query }),
      handle: ({ query }) =>
        pageOrRefusal(async () => subscriptionsPage(await subscriptions.openLink(parseLinkQuery(query).token))),
    }),

    // The page's forms: end one subscription or all of the address's.
    route({
      method: 'POST',
      path: '/subscriptions',
      body: 'form',
      identity: 'none',
      status: 200,
      answer: 'html',
      headers: PAGE_HEADERS,
      parse: ({ body }) => ({ body }),
      handle: ({ body }) =>
        pageOrRefusal(async () => {
          const { token, subscriptionId } = parseEndForm(body);
          return subscriptionsPage(await subscriptions.endFromLink(token, subscriptionId));
        }),
    }),

    // RFC 8058: a mail client's one-click unsubscribe (List-Unsubscribe-Post); the token names the subscription.
    route({
      method: 'POST',
      path: '/subscriptions/one-click',
      body: 'none',
      identity: 'none',
      status: 204,
      answer: 'empty',
      parse: ({ query }) => parseLinkQuery(query),
      handle: async ({ token }) => {
        await subscriptions.unsubscribeOneClick(token);
        return null;
      },
    }),
  ];
}
