import { LIMITS } from '../../server/protocol/limits';
import { CLIENT_LIMITS } from '../../client/limits';

describe("the widget's copy of the input limits", () => {
  it('matches what the server enforces', () => {
    // The widget may import only types from the server, so it keeps its own copy of these numbers.
    for (const key of Object.keys(CLIENT_LIMITS) as (keyof typeof CLIENT_LIMITS)[]) {
      expect(String(CLIENT_LIMITS[key])).toBe(String(LIMITS[key]));
    }
  });
});
