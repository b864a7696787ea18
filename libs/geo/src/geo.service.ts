import { createRequire } from 'node:module';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import maxmind, { type Reader, type Response } from 'maxmind';

export interface GeoOptions {
  /** A MaxMind-format database; null for the bundled GeoLite2 country database. */
  databasePath: string | null;
}

export const GEO_OPTIONS = Symbol('GEO_OPTIONS');

export interface GeoLocation {
  /** ISO 3166-1 alpha-2, upper case. */
  country: string | null;
  region: string | null;
  city: string | null;
}

/** Both layouts seen in MaxMind-format files: MaxMind's own (GeoLite2-*) and ip-location-db's flat one. */
interface GeoRecord {
  country?: { iso_code?: string };
  registered_country?: { iso_code?: string };
  subdivisions?: Array<{ names?: { en?: string } }>;
  city?: { names?: { en?: string } } | string;
  country_code?: string;
  state1?: string;
}

const UNKNOWN: GeoLocation = Object.freeze({ country: null, region: null, city: null });

export function bundledCountryDatabase(): string {
  return createRequire(import.meta.url).resolve('@ip-location-db/geolite2-country-mmdb/geolite2-country.mmdb');
}

/** Looks client addresses up in a local database: nothing leaves the machine, nothing is stored. */
@Injectable()
export class GeoService implements OnModuleInit {
  private reader: Reader<Response> | null = null;

  constructor(@Inject(GEO_OPTIONS) private readonly options: GeoOptions) {}

  async onModuleInit(): Promise<void> {
    // The whole file is read into memory once: lookups are then synchronous and microseconds long.
    this.reader = await maxmind.open<Response>(this.options.databasePath ?? bundledCountryDatabase(), { watchForUpdates: false });
  }

  lookup(ip: string | undefined): GeoLocation {
    if (!ip || !this.reader) return UNKNOWN;
    const address = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
    let record: GeoRecord | null;
    try {
      record = this.reader.get(address) as GeoRecord | null;
    } catch {
      return UNKNOWN; // not an IP address
    }
    if (!record) return UNKNOWN;
    const country = record.country?.iso_code ?? record.country_code ?? record.registered_country?.iso_code ?? null;
    const region = record.subdivisions?.[0]?.names?.en ?? record.state1 ?? null;
    const city = typeof record.city === 'string' ? record.city : (record.city?.names?.en ?? null);
    return { country: country ? country.toUpperCase() : null, region, city };
  }
}
