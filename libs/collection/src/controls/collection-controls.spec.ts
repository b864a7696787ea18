import { CompiledControls, parseRange } from './collection-controls.js';

describe(CompiledControls.name, () => {
  it('counts the domain and its subdomains by default, and nothing else', () => {
    const controls = new CompiledControls('example.com');
    expect(['example.com', 'www.example.com', 'blog.example.com', 'EXAMPLE.COM', 'example.com.'].map((host) => controls.allowsHost(host))).toEqual([true, true, true, true, true]);
    expect(['example.org', 'notexample.com', 'example.com.evil.net', 'localhost'].map((host) => controls.allowsHost(host))).toEqual([false, false, false, false]);
  });

  it('takes listed hosts, *. wildcards (subdomains only) and * (any host)', () => {
    const controls = new CompiledControls('example.com', { hostnames: ['example.com', '*.staging.example.net', 'shop.example.org'] });
    expect(controls.allowsHost('example.com')).toBe(true);
    expect(controls.allowsHost('www.example.com')).toBe(false);
    expect(controls.allowsHost('a.staging.example.net')).toBe(true);
    expect(controls.allowsHost('staging.example.net')).toBe(false);
    expect(controls.allowsHost('shop.example.org')).toBe(true);
    expect(new CompiledControls('example.com', { hostnames: ['*'] }).allowsHost('anything.example')).toBe(true);
  });

  it('drops addresses in the excluded networks, IPv4, IPv6 and IPv4-mapped alike', () => {
    const controls = new CompiledControls('example.com', { exclusions: { ips: ['203.0.113.0/24', '2001:db8::/32', '198.51.100.7'] } });
    expect(['203.0.113.9', '::ffff:203.0.113.200', '2001:db8:1::5', '198.51.100.7'].map((ip) => controls.excludesAddress(ip))).toEqual([true, true, true, true]);
    expect(['203.0.114.1', '198.51.100.8', '2001:db9::1', undefined, 'junk'].map((ip) => controls.excludesAddress(ip))).toEqual([false, false, false, false, false]);
  });

  it('drops countries and path patterns', () => {
    const controls = new CompiledControls('example.com', { exclusions: { countries: ['de', 'FR'], paths: ['/admin*', '/preview/*/draft', '/exact'] } });
    expect([controls.excludesCountry('DE'), controls.excludesCountry('FR'), controls.excludesCountry('US'), controls.excludesCountry(null)]).toEqual([true, true, false, false]);
    expect(['/admin', '/admin/users', '/preview/a/draft', '/exact'].map((path) => controls.excludesPath(path))).toEqual([true, true, true, true]);
    expect(['/', '/exact/more', '/preview/a/final', '/blog/admin'].map((path) => controls.excludesPath(path))).toEqual([false, false, false, false]);
  });

  it('reads ranges and single addresses, and refuses what is neither', () => {
    expect(parseRange('10.0.0.0/8')[1]).toBe(8);
    expect(parseRange('::1')[1]).toBe(128);
    expect(() => parseRange('10.0.0.0/33')).toThrow();
    expect(() => parseRange('not an address')).toThrow();
  });
});
