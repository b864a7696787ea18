import { statsParams, viewStateFromParams, viewStateNavigation, viewStateToParams, withFilter, withoutFilter } from './view-state';

describe('view state in the URL', () => {
  it('reads a period, the comparison and repeated filters', () => {
    expect(viewStateFromParams({ period: '7d', compare: 'previous', 'filter.page': ['/a', '/b'], 'filter.country': 'FR' })).toEqual({
      slice: { period: '7d' },
      compare: true,
      filters: [
        { dimension: 'page', value: '/a' },
        { dimension: 'page', value: '/b' },
        { dimension: 'country', value: 'FR' },
      ],
    });
  });

  it('reads a custom range, putting its days in order', () => {
    expect(viewStateFromParams({ start: '2026-03-10', end: '2026-03-01' }).slice).toEqual({ start: '2026-03-01', end: '2026-03-10' });
  });

  it('opens a hand-edited link on 30 days, leaving out what it does not know', () => {
    expect(viewStateFromParams({ period: 'fortnight', 'filter.shoe_size': '42', 'filter.page': '', start: 'yesterday', end: '2026-01-01' })).toEqual({
      slice: { period: '30d' },
      compare: false,
      filters: [],
    });
  });

  it('keeps property filters', () => {
    expect(viewStateFromParams({ 'filter.prop:plan': 'pro' }).filters).toEqual([{ dimension: 'prop:plan', value: 'pro' }]);
  });

  it('writes back what it read', () => {
    const params = { period: 'today', compare: 'previous', 'filter.source': ['Google', 'Direct / None'] };
    const state = viewStateFromParams(params);
    expect(viewStateFromParams(viewStateToParams(state))).toEqual(state);
  });

  it('removes from the URL the range, the period or the filters no longer there', () => {
    const current = { period: '7d', 'filter.page': '/a', 'filter.source': 'Google' };
    const next = withoutFilter(viewStateFromParams(current), { dimension: 'page', value: '/a' });
    expect(viewStateNavigation(current, { ...next, slice: { start: '2026-01-01', end: '2026-01-31' } })).toEqual({
      period: null,
      start: '2026-01-01',
      end: '2026-01-31',
      compare: null,
      'filter.source': ['Google'],
      'filter.page': null,
    });
  });

  it('adds a filter once', () => {
    const state = viewStateFromParams({});
    const once = withFilter(state, { dimension: 'page', value: '/a' });
    expect(withFilter(once, { dimension: 'page', value: '/a' })).toBe(once);
  });

  it('gives the stats API its own parameters', () => {
    const state = viewStateFromParams({ start: '2026-03-01', end: '2026-03-31', compare: 'previous', 'filter.page': ['/a', '/b'] });
    expect(statsParams('shop.example', state)).toEqual({ site: 'shop.example', start: '2026-03-01', end: '2026-03-31', 'filter.page': ['/a', '/b'] });
  });
});
