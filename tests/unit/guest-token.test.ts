// Runs without a window, as in a page whose storage is blocked: the token lives in memory for the page view.
import { loadGuestToken, tokenForFirstView } from '../../client/identity';

test('the first view after a token is made goes without it, and every later view carries it', () => {
  expect(tokenForFirstView()).toBeUndefined();
  const token = loadGuestToken();
  expect(token).toMatch(/^[\w-]{43}$/);
  // A single-page site switching to another page: the server may know this reader by now.
  expect(tokenForFirstView()).toBe(token);
  expect(tokenForFirstView()).toBe(token);
  expect(loadGuestToken()).toBe(token);
});
