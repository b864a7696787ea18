import { isBot, parseUserAgent } from './user-agent.js';

describe(parseUserAgent.name, () => {
  it.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      { browser: 'Chrome', browserVersion: '126', os: 'Windows', osVersion: '10', device: 'desktop' },
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
      { browser: 'Mobile Safari', browserVersion: '17', os: 'iOS', osVersion: '17', device: 'mobile' },
    ],
    [
      'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
      { browser: 'Mobile Safari', browserVersion: '16', os: 'iOS', device: 'tablet' },
    ],
    [
      'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
      { browser: 'Firefox', browserVersion: '128', os: 'Linux', device: 'desktop' },
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
      { browser: 'Mobile Chrome', browserVersion: '126', os: 'Android', osVersion: '14', device: 'mobile' },
    ],
  ])('reads %s', (ua, expected) => {
    expect(parseUserAgent(ua)).toMatchObject(expected);
  });

  it('copes with nonsense', () => {
    expect(parseUserAgent('%%%')).toEqual({ browser: null, browserVersion: null, os: null, osVersion: null, device: 'desktop' });
  });
});

describe(isBot.name, () => {
  it.each([
    'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    'curl/8.5.0',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36',
    '',
    undefined,
  ])('drops %j', (ua) => {
    expect(isBot(ua)).toBe(true);
  });

  it('keeps a real browser', () => {
    expect(isBot('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe(false);
  });
});
