import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { FunnelStore } from './funnel-store.service';

describe('FunnelStore', () => {
  let sut: FunnelStore;
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    sut = TestBed.inject(FunnelStore);
  });

  it('reads the funnels an older dashboard kept in this browser, per site', () => {
    localStorage.setItem(FunnelStore.key('a.example'), JSON.stringify([{ name: 'Signup', steps: [{ page: '/' }, { event: 'Signup' }] }]));
    expect(sut.local('a.example')).toEqual([{ name: 'Signup', steps: [{ page: '/' }, { event: 'Signup' }] }]);
    expect(sut.local('b.example')).toEqual([]);
    sut.forgetLocal('a.example');
    expect(localStorage.getItem(FunnelStore.key('a.example'))).toBeNull();
  });

  it('skips stored values it cannot read or the server would refuse', () => {
    localStorage.setItem(FunnelStore.key('a.example'), '{not json');
    expect(sut.local('a.example')).toEqual([]);
    localStorage.setItem(
      FunnelStore.key('a.example'),
      JSON.stringify([{ name: 'x', steps: [{ page: 1 }] }, { name: 'one step', steps: [{ page: '/' }] }, { name: 'ok', steps: [{ event: 'E' }, { page: '/' }] }]),
    );
    expect(sut.local('a.example').map((f) => f.name)).toEqual(['ok']);
  });
});
