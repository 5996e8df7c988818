import { EventFlood } from '../../server/abuse/event-flood';

const T0 = 1_000_000;

describe('EventFlood', () => {
  it('allows the burst at once and refuses the event after it', () => {
    const flood = new EventFlood({ burst: 3, perSecond: 1 }, T0);
    expect([flood.spend(T0), flood.spend(T0), flood.spend(T0), flood.spend(T0)]).toEqual([true, true, true, false]);
  });

  it('refills at the steady rate by the time it is given, never past the burst', () => {
    const flood = new EventFlood({ burst: 2, perSecond: 4 }, T0);
    expect([flood.spend(T0), flood.spend(T0)]).toEqual([true, true]);
    // A quarter of a second is one event at four a second.
    expect(flood.spend(T0 + 250)).toBe(true);
    expect(flood.spend(T0 + 250)).toBe(false);
    const rested = new EventFlood({ burst: 2, perSecond: 4 }, T0);
    expect([rested.spend(T0 + 60_000), rested.spend(T0 + 60_000), rested.spend(T0 + 60_000)]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('counts a clock that steps back as no time passing', () => {
    const flood = new EventFlood({ burst: 1, perSecond: 1 }, T0);
    expect(flood.spend(T0)).toBe(true);
    expect(flood.spend(T0 - 10_000)).toBe(false);
    // Back at the time it had reached, nothing has refilled.
    expect(flood.spend(T0)).toBe(false);
  });
});
