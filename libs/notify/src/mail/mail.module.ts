import { Global, Module, type DynamicModule } from '@nestjs/common';
import { MAIL_OPTIONS, type MailOptions } from './mail.options.js';
import { Mailer } from './mailer.js';

/** The Mailer, for every module that sends mail (reports, alerts, invitations). */
@Global()
@Module({})
export class MailModule {
  static forRoot(options: MailOptions): DynamicModule {
    return {
      module: MailModule,
      global: true,
      providers: [{ provide: MAIL_OPTIONS, useValue: options }, Mailer],
      exports: [Mailer, MAIL_OPTIONS],
    };
  }
}
