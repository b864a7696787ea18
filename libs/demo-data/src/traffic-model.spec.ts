// The model keeps raw request inputs beside the values it stores; collection's own enrichment must
// turn those inputs into exactly those values, or seeded data would not look like collected data.
import { parsePageUrl } from '../../collection/src/enrichment/page-url.js';
import { classifySource } from '../../collection/src/enrichment/source.js';
import { isBot, parseUserAgent } from '../../collection/src/enrichment/user-agent.js';
import { CLIENT_LIST, COUNTRIES, PAGE_TITLES, REFERRALS } from './traffic-model.js';

const SITE = 'demo.example';

describe('traffic model', () => {
  it.each(REFERRALS.values.map((referral) => [`${referral.url ?? '(none)'}${referral.landingQuery}`, referral]))(
    'stores the referral %s as collection classifies it',
    (_, referral) => {
      const landing = parsePageUrl(`https://${SITE}/${referral.landingQuery}`)!;
      const utm = referral.utm ?? { source: null, medium: null, campaign: null, term: null, content: null };
      expect(landing.utm).toEqual(utm);
      expect(classifySource(referral.url ?? undefined, landing.utm.source, SITE)).toEqual({ referrer: referral.referrer, source: referral.source });
      // Later events from the landing page: no referrer any more, the UTM tags still in the URL.
      expect(classifySource(undefined, landing.utm.source, SITE).source).toBe(referral.landingSource);
    },
  );

  it('covers the usual sources by their collection names', () => {
    const sources = new Set(REFERRALS.values.map((referral) => referral.source));
    for (const name of ['Direct / None', 'Google', 'Bing', 'DuckDuckGo', 'Hacker News', 'Reddit', 'GitHub', 'X', 'Facebook', 'LinkedIn', 'Newsletter']) {
      expect(sources).toContain(name);
    }
  });

  it.each(CLIENT_LIST.map(([client]) => [`${client.browser} ${client.browserVersion} on ${client.os} (${client.device})`, client]))('stores %s as the User-Agent parser reads it', (_, client) => {
    expect(isBot(client.userAgent)).toBe(false);
    expect(parseUserAgent(client.userAgent)).toEqual({
      browser: client.browser,
      browserVersion: client.browserVersion,
      os: client.os,
      osVersion: client.osVersion,
      device: client.device,
    });
  });

  it('has screens as WIDTHxHEIGHT, pages as collection normalises them, countries as ISO codes', () => {
    for (const [client] of CLIENT_LIST) for (const screen of client.screens.values) expect(screen).toMatch(/^\d{3,4}x\d{3,4}$/);
    for (const path of Object.keys(PAGE_TITLES)) expect(parsePageUrl(`https://${SITE}${path}`)!.path).toBe(path);
    for (const country of COUNTRIES.values) if (country !== null) expect(country).toMatch(/^[A-Z]{2}$/);
  });
});
