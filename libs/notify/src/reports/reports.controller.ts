import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@cairn/accounts';
import type { Report, ReportSent } from '@cairn/contracts';
import { CreateReportDto, ReportDoc, ReportSentDoc } from './report.dto.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such site (or report), or no role on it' })
@ApiForbiddenResponse({ description: 'Your role on the site is below admin' })
@Controller('api/sites/:domain/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @ApiOperation({ summary: 'The site’s weekly and monthly mail reports (admin+)' })
  @ApiOkResponse({ type: [ReportDoc] })
  list(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string): Promise<Report[]> {
    return this.reports.list(principal, domain);
  }

  @Post()
  @ApiOperation({ summary: 'Mail a weekly or monthly report of the site to someone (admin+)' })
  @ApiCreatedResponse({ type: ReportDoc })
  @ApiConflictResponse({ description: 'Mail is not set up (SMTP_URL), or that address already gets that report' })
  create(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string, @Body() body: CreateReportDto): Promise<Report> {
    return this.reports.create(principal, domain, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop a report (admin+)' })
  remove(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.reports.remove(principal, domain, id);
  }

  @Post(':id/send')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send the report of the last finished period now (admin+)', description: 'Outside the schedule: the Monday (or 1st) mail still goes as planned.' })
  @ApiOkResponse({ type: ReportSentDoc })
  @ApiConflictResponse({ description: 'Mail is not set up (SMTP_URL), or the recipient unsubscribed' })
  @ApiBadGatewayResponse({ description: 'The mail server did not take the mail' })
  send(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string, @Param('id', new ParseUUIDPipe()) id: string): Promise<ReportSent> {
    return this.reports.sendNow(principal, domain, id);
  }
}
