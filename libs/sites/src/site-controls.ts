import { domainToASCII } from 'node:url';
import { applyDecorators } from '@nestjs/common';
import { ValidateBy } from 'class-validator';
import ipaddr from 'ipaddr.js';
import type { SiteExclusions } from '@cairn/contracts';


const MAX_ENTRIES = 100;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const EXCLUSION_KEYS = ['ips', 'countries', 'paths'];

/** `example.com`, `*.example.com` (its subdomains) or `*` (any host), lower case; null when it is none of these. */
export function normalizeHostPattern(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const value = raw.trim().toLowerCase().replace(/\.$/, '');
  if (value === '*') return value;
  // A bare host only: domainToASCII would quietly drop a path, a port or credentials.
  if (!/^(\*\.)?[^\s/\\?#@:%*]+$/u.test(value)) return null;
  const wildcard = value.startsWith('*.');
  const host = domainToASCII(wildcard ? value.slice(2) : value);
  if (!host || host.length > 253 || !host.split('.').every((label) => LABEL.test(label))) return null;
  return wildcard ? `*.${host}` : host;
}

function isRange(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 64) return false;
  try {
    if (value.includes('/')) ipaddr.parseCIDR(value);
    else ipaddr.parse(value);
    return true;
  } catch {
    return false;
  }
}

const isCountry = (value: unknown) => typeof value === 'string' && /^[A-Za-z]{2}$/.test(value);
const isPathPattern = (value: unknown) => typeof value === 'string' && /^\/\S{0,1023}$/u.test(value);

/** What is wrong with an exclusions object, or null. */
export function exclusionsProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'exclusions must be an object {ips?, countries?, paths?}';
  const unknown = Object.keys(value).find((key) => !EXCLUSION_KEYS.includes(key));
  if (unknown) return `exclusions may only have ips, countries and paths (got ${JSON.stringify(unknown)})`;
  const lists = value as Record<string, unknown>;
  for (const [key, check, what] of [
    ['ips', isRange, 'addresses or CIDR ranges such as 203.0.113.0/24 or 2001:db8::/32'],
    ['countries', isCountry, 'ISO 3166 two-letter country codes such as DE'],
    ['paths', isPathPattern, 'paths starting with /, * as a wildcard, such as /admin*'],
  ] as Array<[string, (value: unknown) => boolean, string]>) {
    const list = lists[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length > MAX_ENTRIES || !list.every(check)) return `exclusions.${key} must be at most ${MAX_ENTRIES} ${what}`;
  }
  return null;
}

/** The stored form: every list present, countries upper case, duplicates gone. */
export function normalizeExclusions(value: Partial<SiteExclusions> | null | undefined): SiteExclusions {
  const unique = (list: string[] | undefined, map = (item: string) => item) => [...new Set((list ?? []).map(map))];
  return { ips: unique(value?.ips), countries: unique(value?.countries, (country) => country.toUpperCase()), paths: unique(value?.paths) };
}

/** hostnames: at most 100 host patterns (see normalizeHostPattern). */
export const IsHostnameList = () =>
  applyDecorators(
    ValidateBy({
      name: 'isHostnameList',
      validator: {
        validate: (value: unknown) => Array.isArray(value) && value.length <= MAX_ENTRIES && value.every((host) => normalizeHostPattern(host) !== null),
        defaultMessage: () => `hostnames must be at most ${MAX_ENTRIES} host names such as shop.example.com, *.example.com (its subdomains) or * (any host); [] means the site's domain and its subdomains`,
      },
    }),
  );

export const IsExclusions = () =>
  applyDecorators(
    ValidateBy({
      name: 'isExclusions',
      validator: {
        validate: (value: unknown) => exclusionsProblem(value) === null,
        defaultMessage: (args) => exclusionsProblem(args?.value) ?? 'exclusions are invalid',
      },
    }),
  );
