import { BadRequestException, Controller, Get, Header, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@cairn/accounts';
import { ReportsService } from './reports.service.js';

const TOKEN = /^[A-Za-z0-9_-]{32}$/;

function checked(token: string): string {
  if (!TOKEN.test(token)) throw new BadRequestException({ error: 'This is not an unsubscribe link', details: 'the token is 32 characters of A–Z, a–z, 0–9, - and _' });
  return token;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)} · Cairn</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222"><h1 style="font-size:1.4rem">${escapeHtml(title)}</h1>${body}</body></html>`;
}

/**
 * The link in every report mail, no login needed (contract §9). GET shows a confirmation with a
 * button (link scanners that open every URL must not unsubscribe anyone); POST unsubscribes — it is
 * also the RFC 8058 one-click target of the List-Unsubscribe header.
 */
@ApiTags('reports')
@Controller('api/reports/unsubscribe')
export class UnsubscribeController {
  constructor(private readonly reports: ReportsService) {}

  @Public()
  @Get(':token')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The unsubscribe page of a report mail (no login)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'An HTML page with the button that unsubscribes' })
  @ApiBadRequestResponse({ description: 'Not a token' })
  @ApiNotFoundResponse({ description: 'No report has this token (it was deleted)' })
  async confirm(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const target = await this.reports.unsubscribeTarget(checked(token));
    // HTML only once the token checked out: a refusal stays a JSON { error } like every other.
    res.type('html');
    const what = `the ${target.frequency} report of ${target.domain}`;
    if (target.unsubscribed) return page('You are unsubscribed', `<p>${escapeHtml(target.email)} no longer gets ${escapeHtml(what)}.</p>`);
    return page(
      'Unsubscribe',
      `<p>Stop mailing ${escapeHtml(what)} to ${escapeHtml(target.email)}?</p><form method="post"><button type="submit" style="font-size:1rem;padding:.5rem 1rem">Unsubscribe</button></form>`,
    );
  }

  @Public()
  @Post(':token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Unsubscribe from a report (no login; also the one-click List-Unsubscribe-Post target)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Unsubscribed (again, if it already was)' })
  @ApiBadRequestResponse({ description: 'Not a token' })
  @ApiNotFoundResponse({ description: 'No report has this token' })
  async unsubscribe(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    await this.reports.unsubscribe(checked(token));
    const target = await this.reports.unsubscribeTarget(token);
    res.type('html');
    return page('You are unsubscribed', `<p>${escapeHtml(target.email)} no longer gets the ${escapeHtml(target.frequency)} report of ${escapeHtml(target.domain)}.</p>`);
  }
}
