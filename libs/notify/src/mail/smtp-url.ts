/** What SMTP_URL says, as nodemailer's transport takes it. */
export interface SmtpTarget {
  host: string;
  port: number;
  /** smtps://: TLS from the first byte (usually port 465); smtp:// upgrades with STARTTLS when the server offers it. */
  secure: boolean;
  auth: { user: string; pass: string } | null;
}

/**
 * Reads `smtp://user:pass@host:587` or `smtps://user:pass@host:465` (user and password
 * percent-encoded; no port means 587 or 465). Throws an Error saying what is wrong.
 */
export function parseSmtpUrl(raw: string): SmtpTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('must look like smtp://user:pass@host:587 or smtps://user:pass@host:465');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error('must start with smtp:// or smtps://');
  if (!url.hostname) throw new Error('must name the mail server, as in smtp://user:pass@host:587');
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash) throw new Error('must be smtp(s)://user:pass@host:port with nothing after the port');
  const secure = url.protocol === 'smtps:';
  let user: string;
  let pass: string;
  try {
    user = decodeURIComponent(url.username);
    pass = decodeURIComponent(url.password);
  } catch {
    throw new Error('has a user or password that is not valid percent-encoding');
  }
  if (pass && !user) throw new Error('has a password but no user name');
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: user ? { user, pass } : null,
  };
}

/** SMTP_URL as it may be shown in a message or a log: the password masked. */
export function redactSmtpUrl(raw: string): string {
  return raw.replace(/\/\/([^:/@\s]*):[^@/\s]*@/, '//$1:***@');
}
