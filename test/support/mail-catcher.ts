import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail as it arrived at the SMTP server: envelope, headers and both bodies, decoded. */
export interface CaughtMail {
  /** Envelope sender and recipients (MAIL FROM, RCPT TO). */
  envelopeFrom: string;
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Raw header values (unfolded), by lower-case name; the last one wins where a name repeats. */
  headers: Record<string, string>;
  /** The user the client authenticated as. */
  authenticatedAs: string | null;
}

/**
 * A real SMTP server (smtp-server) on a free local port that keeps every mail it is given, for the
 * end-to-end suites: Cairn sends to it exactly as it would to a provider. It requires the user and
 * password of its `url` (plain AUTH without TLS, as on a private network), and can be told to turn
 * the next messages away with a temporary failure.
 */
export class MailCatcher {
  readonly messages: CaughtMail[] = [];
  private refusals = 0;
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    readonly user: string,
    readonly password: string,
  ) {}

  static async start(user = 'cairn', password = 'mail secret'): Promise<MailCatcher> {
    let catcher: MailCatcher | undefined;
    const server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === user && auth.password === password) callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (catcher!.refusals > 0) {
            catcher!.refusals -= 1;
            const refusal = new Error('Mailbox busy, try again later') as Error & { responseCode: number };
            refusal.responseCode = 451;
            callback(refusal);
            return;
          }
          simpleParser(Buffer.concat(chunks)).then(
            (parsed) => {
              catcher!.keep({
                envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                envelopeTo: session.envelope.rcptTo.map((r) => r.address),
                from: parsed.from?.text ?? '',
                to: [parsed.to ?? []].flat().map((a) => a.text).join(', '),
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: typeof parsed.html === 'string' ? parsed.html : '',
                headers: Object.fromEntries(parsed.headerLines.map(({ key, line }) => [key, line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim()])),
                authenticatedAs: (session.user as string | undefined) ?? null,
              });
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const port = (server.server.address() as AddressInfo).port;
    catcher = new MailCatcher(server, port, user, password);
    return catcher;
  }

  /** SMTP_URL for Cairn. */
  get url(): string {
    return `smtp://${encodeURIComponent(this.user)}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}`;
  }

  /** The next `count` messages are answered 451 (try again later) and not kept. */
  refuseNext(count: number): void {
    this.refusals = count;
  }

  /** The mails sent to one address so far. */
  to(address: string): CaughtMail[] {
    return this.messages.filter((mail) => mail.envelopeTo.includes(address));
  }

  /** Resolves with the messages once `predicate` holds for them; fails after `timeoutMs`. */
  async waitFor(predicate: (messages: CaughtMail[]) => boolean, timeoutMs = 20_000): Promise<CaughtMail[]> {
    if (predicate(this.messages)) return this.messages;
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate(this.messages)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(this.messages);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`mail not as expected within ${timeoutMs} ms; got ${this.messages.length}: ${this.messages.map((m) => `${m.envelopeTo.join(',')} "${m.subject}"`).join('; ')}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private keep(mail: CaughtMail): void {
    this.messages.push(mail);
    for (const waiter of [...this.waiters]) waiter();
  }
}
