import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@cairn/accounts';
import type { Alert } from '@cairn/contracts';
import { AlertDoc, CreateAlertDto } from './alert.dto.js';
import { AlertsService } from './alerts.service.js';

@ApiTags('alerts')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such site (or alert), or no role on it' })
@ApiForbiddenResponse({ description: 'Your role on the site is below admin' })
@Controller('api/sites/:domain/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @ApiOperation({ summary: 'The site’s spike alerts (admin+)' })
  @ApiOkResponse({ type: [AlertDoc] })
  list(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string): Promise<Alert[]> {
    return this.alerts.list(principal, domain);
  }

  @Post()
  @ApiOperation({
    summary: 'Add a spike alert (admin+)',
    description: 'When live visitors reach `threshold`, mail `email` and POST to `webhook` (and the site’s webhooks that take `spike`) once; then nothing more until the count has stayed below the threshold for 15 minutes.',
  })
  @ApiCreatedResponse({ type: AlertDoc })
  @ApiConflictResponse({ description: 'An email was given but mail is not set up (SMTP_URL)' })
  create(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string, @Body() body: CreateAlertDto): Promise<Alert> {
    return this.alerts.create(principal, domain, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an alert (admin+)' })
  remove(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.alerts.remove(principal, domain, id);
  }
}
