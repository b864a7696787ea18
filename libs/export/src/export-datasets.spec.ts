import { pageOrder } from './export-datasets.js';

describe(pageOrder.name, () => {
  it('keeps a page that is in (time, id) order as it is', () => {
    expect(pageOrder([1, 1, 2, 5], [3, 4, 1, 2])).toEqual([0, 1, 2, 3]);
    expect(pageOrder([], [])).toEqual([]);
  });

  it('puts a page that is not into (time, id) order, the id deciding between equal times', () => {
    expect(pageOrder([5, 1, 2, 1], [1, 9, 4, 3])).toEqual([3, 1, 2, 0]);
  });
});
