export { MailModule } from './mail/mail.module.js';
export { MAIL_OPTIONS, type MailOptions } from './mail/mail.options.js';
export { Mailer, MailNotConfigured, type OutgoingMail, type SentMail } from './mail/mailer.js';
export { parseSmtpUrl, redactSmtpUrl, type SmtpTarget } from './mail/smtp-url.js';
export { parseMailFrom, parsePublicUrl } from './mail/mail-address.js';
export { NotifyModule } from './notify.module.js';
export type { NotifyOptions } from './notify-scheduler.js';
