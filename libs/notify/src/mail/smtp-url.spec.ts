import { parseMailFrom, parsePublicUrl } from './mail-address.js';
import { parseSmtpUrl, redactSmtpUrl } from './smtp-url.js';

describe(parseSmtpUrl.name, () => {
  it('reads host, port, TLS and percent-encoded credentials', () => {
    expect(parseSmtpUrl('smtp://user:pass@mail.example.org:587')).toEqual({ host: 'mail.example.org', port: 587, secure: false, auth: { user: 'user', pass: 'pass' } });
    expect(parseSmtpUrl('smtps://me%40example.org:p%2Fw@mail.example.org')).toEqual({ host: 'mail.example.org', port: 465, secure: true, auth: { user: 'me@example.org', pass: 'p/w' } });
    expect(parseSmtpUrl('smtp://[::1]:2525')).toEqual({ host: '::1', port: 2525, secure: false, auth: null });
  });

  it.each([
    ['mail.example.org:587', /smtp:\/\/ or smtps:\/\//],
    ['http://mail.example.org', /smtp:\/\/ or smtps:\/\//],
    ['smtp://:pass@mail.example.org', /password but no user/],
    ['smtp://mail.example.org/inbox', /nothing after the port/],
    ['smtp://mail.example.org:99999', /must look like/],
  ])('refuses %s', (url, message) => {
    expect(() => parseSmtpUrl(url)).toThrow(message);
  });

  it('masks the password for messages', () => {
    expect(redactSmtpUrl('smtp://user:secret@mail.example.org:587')).toBe('smtp://user:***@mail.example.org:587');
  });
});

describe(parseMailFrom.name, () => {
  it('takes an address, with or without a name', () => {
    expect(parseMailFrom('cairn@example.org')).toBe('cairn@example.org');
    expect(parseMailFrom('Cairn Reports <cairn@example.org>')).toBe('"Cairn Reports" <cairn@example.org>');
    expect(parseMailFrom('"Cairn" <cairn@localhost>')).toBe('"Cairn" <cairn@localhost>');
  });

  it('refuses what is not an address', () => {
    expect(() => parseMailFrom('Cairn')).toThrow(/email address/);
    expect(() => parseMailFrom('Cairn <not an address>')).toThrow(/email address/);
  });
});

describe(parsePublicUrl.name, () => {
  it('keeps an http(s) address without its trailing slash', () => {
    expect(parsePublicUrl('https://cairn.example.org/')).toBe('https://cairn.example.org');
    expect(parsePublicUrl('http://localhost:3000/cairn/')).toBe('http://localhost:3000/cairn');
  });

  it.each([['cairn.example.org'], ['ftp://cairn.example.org'], ['https://cairn.example.org/?x=1'], ['https://u:p@cairn.example.org']])('refuses %s', (url) => {
    expect(() => parsePublicUrl(url)).toThrow();
  });
});
