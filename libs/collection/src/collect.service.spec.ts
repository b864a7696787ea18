import { jest } from '@jest/globals';
import { NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { ManualClock } from '@cairn/clock';
import type { GeoService } from '@cairn/geo';
import type { VisitorHasher } from '@cairn/sessions';
import { CompiledControls } from './controls/collection-controls.js';
import { CollectService } from './collect.service.js';
import type { EventDto } from './event.dto.js';
import type { SiteDirectory } from './site-directory.js';
import type { WriteBuffer } from './write-buffer.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const input = { site: 'example.com', url: 'https://example.com/pricing' } as EventDto;
const client = { ip: '203.0.113.9', userAgent: FIREFOX };
const databaseDown = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));

describe(CollectService.name, () => {
  let sites: { find: ReturnType<typeof jest.fn> };
  let hasher: { visitorIds: ReturnType<typeof jest.fn> };
  let buffer: { enqueue: ReturnType<typeof jest.fn> };
  let sut: CollectService;

  beforeEach(() => {
    sites = { find: jest.fn(async () => ({ id: 1, domain: 'example.com', controls: new CompiledControls('example.com') })) };
    hasher = { visitorIds: jest.fn(async () => ({ today: 'a1', yesterday: null })) };
    buffer = { enqueue: jest.fn(async () => undefined) };
    const geo = { lookup: () => ({ country: null, region: null, city: null }) } as unknown as GeoService;
    sut = new CollectService(sites as unknown as SiteDirectory, geo, hasher as unknown as VisitorHasher, buffer as unknown as WriteBuffer, new ManualClock());
  });

  it('records an event of a registered site once the write buffer has it durable', async () => {
    await expect(sut.ingest(input, client)).resolves.toBe('recorded');
    expect(buffer.enqueue).toHaveBeenCalledTimes(1);
  });

  it('refuses an unregistered site with 404', async () => {
    sites.find.mockImplementation(async () => null);
    await expect(sut.ingest(input, client)).rejects.toBeInstanceOf(NotFoundException);
  });

  // A 500 would tell the client the event was wrong; a 503 that it may send it again, and nothing is lost.
  it.each([
    ['the site cannot be looked up', () => sites.find.mockImplementation(databaseDown)],
    ["the day's salt cannot be read", () => hasher.visitorIds.mockImplementation(databaseDown)],
    ['the batch cannot be written', () => buffer.enqueue.mockImplementation(databaseDown)],
  ])('answers 503 when %s (the database is away)', async (_, breakIt) => {
    breakIt();
    await expect(sut.ingest(input, client)).rejects.toBeInstanceOf(ServiceUnavailableException);
  });
});
