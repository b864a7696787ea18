import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsUrl, MaxLength } from 'class-validator';
import type { CreateWebhookRequest, WebhookEvent, WebhookFormat } from '@cairn/contracts';

export class CreateWebhookDto implements CreateWebhookRequest {
  @ApiProperty({ example: 'https://hooks.example.org/cairn', description: 'http(s) address that receives the POSTs' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false, require_valid_protocol: true })
  @MaxLength(2048)
  url: string;

  @ApiProperty({ enum: ['spike', 'report'], isArray: true, example: ['spike', 'report'], description: 'spike: spike alerts of the site; report: the finished week’s figures, Monday after 08:00 site time' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ArrayUnique()
  @IsIn(['spike', 'report'], { each: true })
  events: WebhookEvent[];

  @ApiPropertyOptional({ enum: ['json', 'slack'], description: 'json (default): Cairn’s body; slack: a Slack incoming-webhook message `{text}`' })
  @IsOptional()
  @IsIn(['json', 'slack'])
  format?: WebhookFormat;
}

export class WebhookDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'https://hooks.example.org/cairn' }) url: string;
  @ApiProperty({ enum: ['spike', 'report'], isArray: true }) events: WebhookEvent[];
  @ApiProperty({ enum: ['json', 'slack'] }) format: WebhookFormat;
  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' }) createdAt: string;
}

export class CreatedWebhookDoc extends WebhookDoc {
  @ApiProperty({ example: 'whsec_…', description: 'The HMAC key of X-Cairn-Signature; shown only in this answer' }) secret: string;
}

class WebhookAttemptDoc {
  @ApiProperty() at: string;
  @ApiProperty({ nullable: true, type: Number, example: 500 }) statusCode: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'answered 500' }) error: string | null;
  @ApiProperty() durationMs: number;
}

export class WebhookDeliveryDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['spike', 'report'] }) event: WebhookEvent;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'], description: 'failed: retried with backoff for 24 h without a 2xx' }) status: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) deliveredAt: string | null;
  @ApiProperty({ nullable: true, type: String }) nextAttemptAt: string | null;
  @ApiProperty({ type: [WebhookAttemptDoc] }) attempts: WebhookAttemptDoc[];
}
