import { createHmac } from 'node:crypto';
import { signature, spikeBody } from './webhook-payload.js';

describe(signature.name, () => {
  it('is the hex HMAC-SHA256 of the body with the secret, as a receiver recomputes it', () => {
    const body = spikeBody('json', { site: 'a.example', alert: { id: 'x', threshold: 5 }, visitors: 7, at: '2026-01-01T00:00:00.000Z', url: 'https://c.example/sites/a.example/live' });
    const expected = createHmac('sha256', 'whsec_test').update(Buffer.from(body)).digest('hex');
    expect(signature('whsec_test', body)).toBe(`sha256=${expected}`);
    expect(signature('other', body)).not.toBe(`sha256=${expected}`);
  });

  it('writes a Slack message as { text } with a link', () => {
    const body = JSON.parse(spikeBody('slack', { site: 'a.example', alert: { id: 'x', threshold: 1000 }, visitors: 1234, at: '', url: 'https://c.example/live' }));
    expect(body).toEqual({ text: expect.stringContaining('1,234 visitors on a.example') });
    expect(body.text).toContain('<https://c.example/live|');
  });
});
