import { GeoService } from './geo.service.js';

describe(GeoService.name, () => {
  let sut: GeoService;

  beforeAll(async () => {
    sut = new GeoService({ databasePath: null });
    await sut.onModuleInit();
  });

  it.each([
    ['8.8.8.8', 'US'],
    ['81.2.69.142', 'GB'],
    ['::ffff:81.2.69.142', 'GB'],
    ['2001:4860:4860::8888', 'US'],
  ])('places %s in %s with the bundled database', (ip, country) => {
    expect(sut.lookup(ip).country).toBe(country);
  });

  it.each([['127.0.0.1'], ['10.1.2.3'], ['not an ip'], [''], [undefined]])('knows nothing of %j', (ip) => {
    expect(sut.lookup(ip)).toEqual({ country: null, region: null, city: null });
  });
});
