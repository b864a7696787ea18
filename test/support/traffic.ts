import type { CairnServer, HttpAnswer } from './cairn-server.js';

export const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
export const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
export const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
export const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

/** A simulated person: one address and one browser, as the server sees them behind TRUST_PROXY. */
export interface Visitor {
  ip: string;
  userAgent: string;
}

/** Sends one event the way the tracker does: JSON in a text/plain body. */
export function sendEvent(server: CairnServer, visitor: Visitor, body: Record<string, unknown>): Promise<HttpAnswer> {
  return server.request('POST', '/api/event', {
    rawBody: JSON.stringify(body),
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'x-forwarded-for': visitor.ip, 'user-agent': visitor.userAgent },
  });
}
