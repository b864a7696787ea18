import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@cairn/accounts';
import type { CreatedWebhook, Webhook, WebhookDelivery } from '@cairn/contracts';
import { CreatedWebhookDoc, CreateWebhookDto, WebhookDeliveryDoc, WebhookDoc } from './webhook.dto.js';
import { WebhooksService } from './webhooks.service.js';

@ApiTags('webhooks')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such site (or webhook), or no role on it' })
@ApiForbiddenResponse({ description: 'Your role on the site is below admin' })
@Controller('api/sites/:domain/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOperation({ summary: 'The site’s webhooks, without their secrets (admin+)' })
  @ApiOkResponse({ type: [WebhookDoc] })
  list(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string): Promise<Webhook[]> {
    return this.webhooks.list(principal, domain);
  }

  @Post()
  @ApiOperation({
    summary: 'Add a webhook (admin+)',
    description: 'Each delivery is a POST with `X-Cairn-Signature: sha256=<hex HMAC-SHA256 of the body with the secret>`, retried with backoff (30 s doubling, at most 1 h apart) for up to 24 h until a 2xx.',
  })
  @ApiCreatedResponse({ type: CreatedWebhookDoc, description: 'With `secret`, shown this once' })
  create(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string, @Body() body: CreateWebhookDto): Promise<CreatedWebhook> {
    return this.webhooks.create(principal, domain, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a webhook and its delivery log (admin+)' })
  remove(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.webhooks.remove(principal, domain, id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The webhook’s last 50 deliveries, newest first, with every attempt’s status code (admin+)' })
  @ApiOkResponse({ type: [WebhookDeliveryDoc] })
  deliveries(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string, @Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookDelivery[]> {
    return this.webhooks.deliveriesOf(principal, domain, id);
  }
}
