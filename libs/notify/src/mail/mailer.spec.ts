import { MailCatcher } from '../../../../test/support/mail-catcher.js';
import { Mailer, MailNotConfigured } from './mailer.js';

describe(Mailer.name, () => {
  let catcher: MailCatcher;
  let sut: Mailer;

  beforeAll(async () => {
    catcher = await MailCatcher.start('reports', 'p@ss:word/1');
  });
  beforeEach(() => {
    catcher.messages.length = 0;
    sut = new Mailer({ smtpUrl: catcher.url, mailFrom: '"Cairn" <cairn@example.org>', publicUrl: 'https://cairn.example.org' });
  });
  afterEach(() => sut.onApplicationShutdown());
  afterAll(() => catcher.stop());

  it('delivers text and HTML through the SMTP server, logged in with the URL’s user and password', async () => {
    const sent = await sut.send({
      to: 'owner@example.org',
      subject: 'Weekly report — 1,234 visitors',
      text: 'Visitors: 1,234 (+12 %)',
      html: '<p>Visitors: <b>1,234</b> (+12&nbsp;%)</p>',
      headers: { 'List-Unsubscribe': '<https://cairn.example.org/unsubscribe/abc>' },
    });
    expect(sent.messageId).toMatch(/@/);
    const [mail] = await catcher.waitFor((messages) => messages.length === 1);
    expect(mail).toMatchObject({
      envelopeFrom: 'cairn@example.org',
      envelopeTo: ['owner@example.org'],
      from: '"Cairn" <cairn@example.org>',
      subject: 'Weekly report — 1,234 visitors',
      text: 'Visitors: 1,234 (+12 %)',
      authenticatedAs: 'reports',
    });
    expect(mail.html).toContain('<b>1,234</b>');
    expect(mail.headers['list-unsubscribe']).toBe('<https://cairn.example.org/unsubscribe/abc>');
  });

  it('rejects when the server turns the mail away, so the caller can try again', async () => {
    catcher.refuseNext(1);
    await expect(sut.send({ to: 'owner@example.org', subject: 'x', text: 'x' })).rejects.toThrow(/451/);
    await sut.send({ to: 'owner@example.org', subject: 'again', text: 'x' });
    expect(catcher.messages.map((m) => m.subject)).toEqual(['again']);
  });

  it('rejects with a wrong password', async () => {
    const wrong = new Mailer({ smtpUrl: `smtp://reports:nope@127.0.0.1:${catcher.port}`, mailFrom: 'cairn@example.org', publicUrl: 'https://c.example' });
    await expect(wrong.send({ to: 'owner@example.org', subject: 'x', text: 'x' })).rejects.toThrow(/Invalid/);
    wrong.onApplicationShutdown();
  });

  it('builds links on PUBLIC_URL', () => {
    expect(sut.link('/sites/example.com?period=7d')).toBe('https://cairn.example.org/sites/example.com?period=7d');
    expect(sut.link('unsubscribe/x')).toBe('https://cairn.example.org/unsubscribe/x');
  });

  it('answers 409 saying why, without SMTP_URL', async () => {
    const off = new Mailer({ smtpUrl: null, mailFrom: null, publicUrl: null });
    expect(off.configured).toBe(false);
    expect(() => off.requireConfigured()).toThrow(MailNotConfigured);
    await expect(off.send({ to: 'a@example.org', subject: 'x', text: 'x' })).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/SMTP_URL/) });
  });
});
