import { isEmail } from 'class-validator';

/**
 * MAIL_FROM: `cairn@example.org` or `Cairn <cairn@example.org>`. Returns the canonical form, or
 * throws an Error saying what is wrong.
 */
export function parseMailFrom(raw: string): string {
  const named = /^(.*?)\s*<([^<>\s]+)>$/.exec(raw.trim());
  const address = named ? named[2] : raw.trim();
  if (!isEmail(address, { require_tld: false })) {
    throw new Error('must be an email address, optionally with a name: "Cairn <cairn@example.org>"');
  }
  const name = named?.[1].replace(/^"(.*)"$/, '$1').trim();
  if (name && /["\r\n]/.test(name)) throw new Error('must not have quotes or line breaks in its name');
  return name ? `"${name}" <${address}>` : address;
}

/**
 * PUBLIC_URL: the address people open Cairn at, which every link in a mail or a webhook points to.
 * http(s) only, no query or fragment; returned without a trailing slash.
 */
export function parsePublicUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('must be the address Cairn is opened at, such as https://cairn.example.org');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('must start with http:// or https://');
  if (url.search || url.hash || url.username || url.password) throw new Error('must be a plain address, without credentials, query or #fragment');
  return url.toString().replace(/\/+$/, '');
}
