import { isbot } from 'isbot';
import { UAParser } from 'ua-parser-js';
import { remember } from './remember.js';

export type DeviceType = 'desktop' | 'mobile' | 'tablet' | 'other';

export interface ClientSoftware {
  browser: string | null;
  /** Major version only: finer versions add nothing to the reports and much to the cardinality. */
  browserVersion: string | null;
  os: string | null;
  osVersion: string | null;
  device: DeviceType;
}

/** True for crawlers, monitors, headless and scripted clients: their requests are acknowledged and dropped. */
export function isBot(userAgent: string | undefined): boolean {
  return !userAgent || (BOTS.get(userAgent) ?? remember(BOTS, userAgent, isbot(userAgent)));
}

/** Browser, OS and device class from a User-Agent; the string itself is used here and then forgotten. */
export function parseUserAgent(userAgent: string): ClientSoftware {
  return PARSED.get(userAgent) ?? remember(PARSED, userAgent, parse(userAgent));
}

// A few thousand User-Agent strings cover nearly all traffic, and parsing one costs far more than a
// lookup. Both maps are bounded (see remember).
const BOTS = new Map<string, boolean>();
const PARSED = new Map<string, ClientSoftware>();

function parse(userAgent: string): ClientSoftware {
  const { browser, os, device } = UAParser(userAgent.slice(0, 512));
  const osVersion = os.version ? os.version.split('.').slice(0, os.name === 'Mac OS' || os.name === 'macOS' ? 2 : 1).join('.') : null;
  return {
    browser: browser.name ?? null,
    browserVersion: browser.major ?? null,
    os: os.name ?? null,
    osVersion,
    device: deviceType(device.type),
  };
}

function deviceType(type: string | undefined): DeviceType {
  if (!type) return 'desktop'; // ua-parser leaves desktops untyped
  if (type === 'mobile' || type === 'tablet') return type;
  return 'other';
}
