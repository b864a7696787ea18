import { FunnelStore } from './funnel-store.service';

describe('FunnelStore', () => {
  const sut = new FunnelStore();
  beforeEach(() => localStorage.clear());

  it('keeps funnels per site, by name, sorted', () => {
    sut.save('a.example', { name: 'Signup', steps: [{ page: '/' }, { event: 'Signup' }] });
    sut.save('a.example', { name: 'Checkout', steps: [{ page: '/cart' }, { page: '/paid' }] });
    sut.save('b.example', { name: 'Other', steps: [{ page: '/' }, { page: '/x' }] });
    expect(sut.list('a.example').map((f) => f.name)).toEqual(['Checkout', 'Signup']);
    expect(sut.list('b.example').map((f) => f.name)).toEqual(['Other']);
  });

  it('replaces a funnel saved again under the same name, and deletes one', () => {
    sut.save('a.example', { name: 'Signup', steps: [{ page: '/' }, { event: 'Signup' }] });
    sut.save('a.example', { name: 'Signup', steps: [{ page: '/pricing' }, { event: 'Signup' }] });
    expect(sut.list('a.example')).toEqual([{ name: 'Signup', steps: [{ page: '/pricing' }, { event: 'Signup' }] }]);
    expect(sut.remove('a.example', 'Signup')).toEqual([]);
    expect(localStorage.getItem(FunnelStore.key('a.example'))).toBeNull();
  });

  it('ignores stored values it cannot read', () => {
    localStorage.setItem(FunnelStore.key('a.example'), '{not json');
    expect(sut.list('a.example')).toEqual([]);
    localStorage.setItem(FunnelStore.key('a.example'), JSON.stringify([{ name: 'x', steps: [{ page: 1 }] }, { name: 'ok', steps: [{ event: 'E' }] }]));
    expect(sut.list('a.example').map((f) => f.name)).toEqual(['ok']);
  });
});
