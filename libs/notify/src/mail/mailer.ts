import { ConflictException, Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { MAIL_OPTIONS, type MailOptions } from './mail.options.js';
import { parseSmtpUrl } from './smtp-url.js';

/** One mail: plain text always, HTML beside it when given (clients choose). */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
}

export interface SentMail {
  messageId: string;
}

/** Answered (409) by every feature that would mail when SMTP_URL is not set. */
export class MailNotConfigured extends ConflictException {
  constructor() {
    super('Mail is not set up on this Cairn: the operator has to set SMTP_URL, MAIL_FROM and PUBLIC_URL (see docs/configuration.md)');
  }
}

/**
 * Sends mail through the SMTP server of SMTP_URL (nodemailer). `send` resolves once the server
 * accepted the message for every recipient and rejects otherwise, so callers know what to retry.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly logger = new Logger(Mailer.name);
  private readonly transport: Transporter | null;

  constructor(@Inject(MAIL_OPTIONS) private readonly options: MailOptions) {
    if (!options.smtpUrl) {
      this.transport = null;
      return;
    }
    const target = parseSmtpUrl(options.smtpUrl);
    this.transport = nodemailer.createTransport({
      host: target.host,
      port: target.port,
      secure: target.secure,
      auth: target.auth ?? undefined,
      // A mail server that stops answering must not hold a report or an invitation for ever.
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    });
  }

  /** True when SMTP_URL is set. */
  get configured(): boolean {
    return this.transport !== null;
  }

  /** Throws the 409 when mail is off: call before storing anything that would need it. */
  requireConfigured(): void {
    if (!this.configured) throw new MailNotConfigured();
  }

  /** PUBLIC_URL + path: the address a link in a mail points to. */
  link(path: string): string {
    this.requireConfigured();
    return `${this.options.publicUrl}${path.startsWith('/') ? '' : '/'}${path}`;
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    if (!this.transport) throw new MailNotConfigured();
    const info = await this.transport.sendMail({
      from: this.options.mailFrom!,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: mail.headers,
    });
    const rejected = [...(info.rejected ?? [])];
    if (rejected.length > 0) throw new Error(`The mail server refused ${rejected.join(', ')}`);
    // The recipient is personal data: the log says that a mail went, not to whom.
    this.logger.debug(`Mail "${mail.subject}" accepted by the mail server`);
    return { messageId: info.messageId };
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
