// Moderators' own mail against a real SMTP server on loopback: a choice per account (off until turned on) of an
// email for each comment held for review and for each new report, queued with the hold or the report.
import type { ParsedMail } from 'mailparser';
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST } from '../helpers/admin';
import { makeReader } from '../helpers/api';
import { linksIn, outboxRows, startMailReceiver, waitUntil, type MailReceiver } from '../helpers/mail';
import { openThread, startTestServer, type TestServer } from '../helpers/server';

jest.setTimeout(60_000);

let receiver: MailReceiver;
let server: TestServer;
let threadId: number;
beforeAll(async () => {
  receiver = await startMailReceiver();
  server = await startTestServer(
    {
      // A comment typed faster than five seconds is held for review.
      minSubmitMs: 5_000,
      mail: {
        smtpUrl: receiver.url,
        from: 'Parley <parley@news.example>',
        publicUrl: null,
        batchMs: 0,
        retryMs: 0,
      },
    },
    { passwordCostLog2: TEST_PASSWORD_COST },
  );
  threadId = (await openThread(server.url, 'story', { url: 'https://news.example/story', title: 'The story' })).thread
    .id;
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

const to = (email: string) => (m: ParsedMail) => m.to !== undefined && !Array.isArray(m.to) && m.to.text === email;
const outboxOf = (email: string) => outboxRows(server.dbPath).filter((r) => r.email === email);
const settled = () =>
  waitUntil(
    () => outboxRows(server.dbPath).every((r) => r.state !== 'pending' && r.state !== 'sending'),
    'the outbox to be sent',
  );

test('a moderator who asked for it is mailed each held comment and each report, with a link to the comment in the dashboard; others are not', async () => {
  const watcher = await createModeratorAccount(server.dbPath, { email: 'watcher@example.com' });
  const quiet = await createModeratorAccount(server.dbPath, { email: 'quiet@example.com' });
  const watching = await loginAsModerator(server.url, watcher.email, watcher.password);
  await loginAsModerator(server.url, quiet.email, quiet.password);

  // Off until the moderator turns it on; both choices are required.
  expect(await watching.call('GET', '/account/mail')).toEqual({
    status: 200,
    json: { onHeld: false, onReport: false },
  });
  expect((await watching.call('PUT', '/account/mail', { onHeld: true })).json.error.code).toBe('VALIDATION_FAILED');
  expect(await watching.call('PUT', '/account/mail', { onHeld: true, onReport: true })).toEqual({
    status: 200,
    json: { onHeld: true, onReport: true },
  });
  expect((await watching.call('GET', '/account/mail')).json).toEqual({ onHeld: true, onReport: true });

  const held = await makeReader(server.url).post(threadId, { authorName: 'Quick', body: 'Typed fast', elapsedMs: 10 });
  expect(held.json.comment.status).toBe('pending');
  const heldId: number = held.json.comment.id;
  // Queued with the comment itself: the row is there when the post is answered.
  expect(outboxOf('watcher@example.com').map((r) => r.purpose)).toEqual(['held']);

  const [heldMail] = (await receiver.waitFor((all) => all.some(to('watcher@example.com')))).filter(
    to('watcher@example.com'),
  );
  expect(heldMail.subject).toBe('A comment by Quick is held for review on The story');
  expect(heldMail.text).toContain('Typed fast');
  expect(linksIn(heldMail)).toContain(`${server.url}/admin#comment-${heldId}`);
  expect(heldMail.html).toContain(`href="${server.url}/admin#comment-${heldId}"`);

  const published = await makeReader(server.url).post(threadId, { authorName: 'Slow', body: 'Typed with care' });
  expect(published.json.comment.status).toBe('published');
  const reported: number = published.json.comment.id;
  for (const reporter of [makeReader(server.url), makeReader(server.url)])
    expect((await reporter.call('POST', `/api/comments/${reported}/report`, { reason: 'spam' })).status).toBe(201);
  // Each new report is told.
  expect(outboxOf('watcher@example.com').map((r) => r.purpose)).toEqual(['held', 'report', 'report']);
  const reports = (await receiver.waitFor((all) => all.filter(to('watcher@example.com')).length === 3)).filter(
    to('watcher@example.com'),
  );
  expect(reports[1].subject).toBe('A comment by Slow was reported on The story');
  expect(linksIn(reports[1])).toContain(`${server.url}/admin#comment-${reported}`);

  await settled();
  expect(outboxOf('quiet@example.com')).toEqual([]);
  expect(receiver.messages.filter(to('quiet@example.com'))).toEqual([]);

  // Turned off again: nothing more.
  expect((await watching.call('PUT', '/account/mail', { onHeld: false, onReport: false })).status).toBe(200);
  await makeReader(server.url).post(threadId, { authorName: 'Quick', body: 'Fast again', elapsedMs: 10 });
  expect(outboxOf('watcher@example.com')).toHaveLength(3);
});
