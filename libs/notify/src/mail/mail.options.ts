/** Mail settings, validated by the composition root (SMTP_URL, MAIL_FROM, PUBLIC_URL). */
export interface MailOptions {
  /** null: mail is off, and every feature that mails answers 409 saying so. */
  smtpUrl: string | null;
  /** Sender of every mail; required with smtpUrl. */
  mailFrom: string | null;
  /** Where the links in mails point, without a trailing slash; required with smtpUrl. */
  publicUrl: string | null;
}

export const MAIL_OPTIONS = Symbol('MAIL_OPTIONS');
