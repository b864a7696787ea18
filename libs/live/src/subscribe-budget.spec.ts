import { SubscribeBudget } from './subscribe-budget.js';

describe(SubscribeBudget.name, () => {
  it('allows a burst, then one per interval', () => {
    const budget = new SubscribeBudget(0, 3, 1_000);
    expect([budget.take(0), budget.take(0), budget.take(0), budget.take(0)]).toEqual([true, true, true, false]);
    expect(budget.retryAfterSeconds(200)).toBe(1);
    expect(budget.take(999)).toBe(false);
    expect(budget.take(1_000)).toBe(true);
    expect(budget.take(1_500)).toBe(false);
    expect(budget.take(2_000)).toBe(true);
  });

  it('refills up to the burst and no further, however long the socket was quiet', () => {
    const budget = new SubscribeBudget(0, 3, 1_000);
    for (let i = 0; i < 3; i++) budget.take(0);
    const after = [...Array(5).keys()].map(() => budget.take(60_000));
    expect(after).toEqual([true, true, true, false, false]);
  });

  it('serves about one a second to a socket that keeps asking: 200 asks over 7 s get the burst of 10 and one per whole second after', () => {
    const budget = new SubscribeBudget(0, 10, 1_000);
    let served = 0;
    for (let i = 0; i < 200; i++) if (budget.take((i * 7_000) / 200)) served += 1;
    expect(served).toBe(16);
  });
});
