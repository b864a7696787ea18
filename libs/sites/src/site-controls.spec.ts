import { exclusionsProblem, normalizeExclusions, normalizeHostPattern } from './site-controls.js';

describe(normalizeHostPattern.name, () => {
  it('takes hosts, *. wildcards and *, in lower case', () => {
    expect(['Shop.Example.com', '*.example.com', '*', 'example.com.', 'bücher.example'].map(normalizeHostPattern)).toEqual(['shop.example.com', '*.example.com', '*', 'example.com', 'xn--bcher-kva.example']);
  });

  it('refuses what is not a bare host pattern', () => {
    for (const bad of ['https://x.example', 'x.example/path', 'x.example:8080', 'user@x.example', '*x.example', 'x.*.example', '', ' ', 'a b.example', '-x.example', 42, null]) {
      expect({ bad, normalized: normalizeHostPattern(bad) }).toEqual({ bad, normalized: null });
    }
  });
});

describe(exclusionsProblem.name, () => {
  it('takes CIDR ranges, addresses, countries and path patterns', () => {
    expect(exclusionsProblem({ ips: ['10.0.0.0/8', '2001:db8::/32', '203.0.113.7'], countries: ['de'], paths: ['/admin*'] })).toBeNull();
    expect(exclusionsProblem({})).toBeNull();
  });

  it('names what is wrong', () => {
    expect(exclusionsProblem({ ips: ['10.0.0.0/33'] })).toMatch(/^exclusions\.ips must be/);
    expect(exclusionsProblem({ countries: ['Germany'] })).toMatch(/^exclusions\.countries must be/);
    expect(exclusionsProblem({ paths: ['admin'] })).toMatch(/^exclusions\.paths must be/);
    expect(exclusionsProblem({ other: [] })).toBe('exclusions may only have ips, countries and paths (got "other")');
    expect(exclusionsProblem([])).toMatch(/must be an object/);
  });

  it('normalises: every list present, countries in upper case, no duplicates', () => {
    expect(normalizeExclusions({ countries: ['de', 'DE'], paths: ['/a', '/a'] })).toEqual({ ips: [], countries: ['DE'], paths: ['/a'] });
    expect(normalizeExclusions(null)).toEqual({ ips: [], countries: [], paths: [] });
  });
});
