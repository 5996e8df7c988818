// Voting as readers see it: their own vote marked, scores live everywhere, a second click takes a vote back.
import { makeReader } from '../helpers/api';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, type TestServer } from '../helpers/server';
import { newGuestToken } from '../helpers/sockets';
import { asReader, cardOf, commentIdOf, fillAndSubmit, mainForm, openDemo } from './widget-page';

let server: TestServer;
let browser: TestBrowser;

withServerAndBrowser((started) => ({ server, browser } = started));

describe('voting', () => {
  it('a vote on one page shows on another page live, and voting the same way again takes it back', async () => {
    const { thread } = await openThread(server.url, 'harbour-lights-2026');
    const author = makeReader(server.url);
    const id = (await author.post(thread.id, { authorName: 'Ines', body: 'Keep the orange glow.' })).json.comment
      .id as number;

    const voterToken = newGuestToken();
    // The page acted on is opened last: a page in the background animates (and so settles) slowly.
    const watcher = await openDemo(browser, server.url, asReader(newGuestToken()));
    const voter = await openDemo(browser, server.url, asReader(voterToken));
    const up = cardOf(voter, id).locator('button.vote-up');
    const down = cardOf(voter, id).locator('button.vote-down');
    const scoreOn = (page: typeof voter, value: number) =>
      cardOf(page, id)
        .locator('.score')
        .filter({ hasText: new RegExp(`^${value}$`) });
    await scoreOn(voter, 0).waitFor();
    expect(await up.getAttribute('aria-pressed')).toBe('false');

    await up.click();
    await scoreOn(voter, 1).waitFor();
    expect(await up.getAttribute('aria-pressed')).toBe('true');
    await scoreOn(watcher, 1).waitFor();
    // The watcher sees the score, not someone else's vote as theirs.
    expect(await cardOf(watcher, id).locator('button.vote-up').getAttribute('aria-pressed')).toBe('false');

    // The same direction again takes the vote back, everywhere.
    await up.click();
    await scoreOn(voter, 0).waitFor();
    expect(await up.getAttribute('aria-pressed')).toBe('false');
    await scoreOn(watcher, 0).waitFor();

    // The other direction switches it.
    await up.click();
    await scoreOn(watcher, 1).waitFor();
    await down.click();
    await scoreOn(voter, -1).waitFor();
    expect(await down.getAttribute('aria-pressed')).toBe('true');
    expect(await up.getAttribute('aria-pressed')).toBe('false');
    await scoreOn(watcher, -1).waitFor();
    // The server agrees: one down vote, nothing else.
    const stored = await makeReader(server.url, voterToken).page(thread.id, {});
    const comment = stored.json.comments.find((c: { id: number }) => c.id === id);
    expect({ up: comment.upvotes, down: comment.downvotes, mine: stored.json.viewer.votes[id] }).toEqual({
      up: 0,
      down: 1,
      mine: 'down',
    });

    // A reload remembers how this reader voted.
    await voter.reload();
    await scoreOn(voter, -1).waitFor();
    expect(await cardOf(voter, id).locator('button.vote-down').getAttribute('aria-pressed')).toBe('true');
    await Promise.all([voter.close(), watcher.close()]);
  });

  it("a reader's own comments have no vote buttons to press", async () => {
    const page = await openDemo(browser, server.url, asReader(newGuestToken()));
    await fillAndSubmit(mainForm(page), { name: 'Mara', body: 'My own words, not mine to vote on.' });
    const id = await commentIdOf(page, 'My own words, not mine to vote on.');
    expect(await cardOf(page, id).locator('button.vote-up').isDisabled()).toBe(true);
    expect(await cardOf(page, id).locator('button.vote-down').isDisabled()).toBe(true);
    // Still so after a reload, when the server says whose it is.
    await page.reload();
    await cardOf(page, id).waitFor();
    expect(await cardOf(page, id).locator('button.vote-up').isDisabled()).toBe(true);
    expect(await cardOf(page, id).locator('.score').textContent()).toBe('0');
    await page.close();
  });
});
