import ipaddr from 'ipaddr.js';

/** A site's collection controls as stored (contract §12). */
export interface SiteControls {
  /** Hosts whose pages are counted; `*.example.com` any subdomain, `*` any host; null or empty: the domain and its subdomains. */
  hostnames?: string[] | null;
  exclusions?: { ips?: string[]; countries?: string[]; paths?: string[] } | null;
}

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/**
 * A site's controls, compiled once per cached site lookup: which page hosts count, and which
 * addresses, countries and paths are dropped. The address is matched here in memory and never kept.
 */
export class CompiledControls {
  private readonly anyHost: boolean;
  private readonly hosts: Set<string>;
  private readonly suffixes: string[];
  private readonly ranges: Range[];
  private readonly countries: Set<string>;
  private readonly paths: RegExp | null;

  constructor(domain: string, controls: SiteControls = {}) {
    const hostnames = (controls.hostnames ?? []).map((host) => host.toLowerCase());
    this.anyHost = hostnames.includes('*');
    this.hosts = new Set(hostnames.filter((host) => !host.startsWith('*')));
    this.suffixes = hostnames.filter((host) => host.startsWith('*.')).map((host) => host.slice(1));
    if (hostnames.length === 0) {
      // The default: the registered domain, `www.` and every other subdomain of it.
      this.hosts.add(domain);
      this.suffixes.push(`.${domain}`);
    }
    this.ranges = (controls.exclusions?.ips ?? []).flatMap((cidr) => {
      try {
        return [parseRange(cidr)];
      } catch {
        return []; // stored only after validation; a bad one excludes nothing rather than everything
      }
    });
    this.countries = new Set((controls.exclusions?.countries ?? []).map((country) => country.toUpperCase()));
    const paths = controls.exclusions?.paths ?? [];
    this.paths = paths.length === 0 ? null : new RegExp(`^(?:${paths.map(globToRegExp).join('|')})$`, 'u');
  }

  /** Whether a page on this host counts for the site. */
  allowsHost(hostname: string): boolean {
    if (this.anyHost) return true;
    const host = hostname.toLowerCase().replace(/\.$/, '');
    return this.hosts.has(host) || this.suffixes.some((suffix) => host.endsWith(suffix) && host.length > suffix.length);
  }

  excludesPath(path: string): boolean {
    return this.paths !== null && this.paths.test(path);
  }

  excludesCountry(country: string | null): boolean {
    return country !== null && this.countries.has(country);
  }

  excludesAddress(ip: string | undefined): boolean {
    if (this.ranges.length === 0 || !ip || !ipaddr.isValid(ip)) return false;
    const address = ipaddr.process(ip); // an IPv4-mapped IPv6 address matches IPv4 ranges
    return this.ranges.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
  }
}

/** `10.0.0.0/8`, `2001:db8::/32`, or one address (a /32 or /128). Throws on anything else. */
export function parseRange(cidr: string): Range {
  if (!cidr.includes('/')) {
    const address = ipaddr.process(cidr);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  }
  const [address, bits] = ipaddr.parseCIDR(cidr);
  // ::ffff:10.0.0.0/104 is 10.0.0.0/8: addresses are matched after ipaddr.process, as IPv4.
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
  }
  return [address, bits];
}

/** A path pattern as the page filter reads it: `*` any run of characters, the rest literal. */
function globToRegExp(pattern: string): string {
  return pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
}
