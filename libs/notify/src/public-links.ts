import { Inject, Injectable } from '@nestjs/common';
import { MAIL_OPTIONS, type MailOptions } from './mail/mail.options.js';

/** Links into Cairn for mails and webhooks: on PUBLIC_URL when set, else a path the receiver resolves itself. */
@Injectable()
export class PublicLinks {
  constructor(@Inject(MAIL_OPTIONS) private readonly options: MailOptions) {}

  to(path: string): string {
    return `${this.options.publicUrl ?? ''}${path.startsWith('/') ? '' : '/'}${path}`;
  }
}
