import { normalizeDomain } from './site-domain.js';

describe(normalizeDomain.name, () => {
  it.each([
    ['example.com', 'example.com'],
    ['Example.COM', 'example.com'],
    ['https://www.example.com/blog?x=1#top', 'example.com'],
    ['http://user:pw@shop.example.co.uk:8080/', 'shop.example.co.uk'],
    ['  www.example.org.  ', 'example.org'],
    ['//cdn.example.net/path', 'cdn.example.net'],
    ['localhost', 'localhost'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['wwwexample.com', 'wwwexample.com'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeDomain(input)).toBe(expected);
  });

  it.each(['', '   ', 'https://', 'exa mple.com', '-bad.example', 'bad-.example', 'a..b', `${'a'.repeat(64)}.com`, '<script>', 'example.com:abc'])(
    'refuses %j',
    (input) => {
      expect(normalizeDomain(input)).toBeNull();
    },
  );
});
