import { classifySource, DIRECT } from './source.js';

describe(classifySource.name, () => {
  it.each([
    ['https://www.google.com/', 'Google', 'google.com'],
    ['https://www.google.co.uk/search?q=x', 'Google', 'google.co.uk/search'],
    ['https://duckduckgo.com/', 'DuckDuckGo', 'duckduckgo.com'],
    ['https://www.bing.com/search?q=cairn', 'Bing', 'bing.com/search'],
    ['https://t.co/abc', 'X', 't.co/abc'],
    ['https://x.com/someone/status/1', 'X', 'x.com/someone/status/1'],
    ['https://old.reddit.com/r/selfhosted/', 'Reddit', 'old.reddit.com/r/selfhosted/'],
    ['https://news.ycombinator.com/item?id=1', 'Hacker News', 'news.ycombinator.com/item'],
    ['https://github.com/org/repo', 'GitHub', 'github.com/org/repo'],
    ['https://lm.facebook.com/l.php?u=x', 'Facebook', 'lm.facebook.com/l.php'],
    ['https://www.linkedin.com/feed/', 'LinkedIn', 'linkedin.com/feed/'],
    ['https://blog.someone.dev/post', 'blog.someone.dev', 'blog.someone.dev/post'],
  ])('%s → %s', (referrer, source, display) => {
    expect(classifySource(referrer, null, 'example.com')).toEqual({ source, referrer: display });
  });

  it.each([undefined, '', 'not a url', 'android-app://com.x', 'https://example.com/page', 'https://www.example.com/', 'https://shop.example.com/cart'])(
    'counts %j as direct (none, unparsable or the site itself)',
    (referrer) => {
      expect(classifySource(referrer, null, 'example.com')).toEqual({ source: DIRECT, referrer: null });
    },
  );

  it('lets utm_source win and names it when known', () => {
    expect(classifySource('https://www.google.com/', 'newsletter', 'example.com')).toEqual({ source: 'Newsletter', referrer: 'google.com' });
    expect(classifySource(undefined, 'fb', 'example.com').source).toBe('Facebook');
    expect(classifySource(undefined, 'Spring Promo', 'example.com').source).toBe('Spring Promo');
  });
});
