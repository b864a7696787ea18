import type { OpenAPIObject } from '@nestjs/swagger';

const ERROR = { $ref: '#/components/schemas/ApiError' };

/**
 * `POST /api/event` is served by EventIngress, outside Nest's router, so Swagger cannot see it:
 * describe it here, with the EventDto schema (registered as an extra model).
 */
export function describeEventRoute(document: OpenAPIObject): void {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.ApiError = {
    type: 'object',
    properties: { error: { type: 'string' }, details: {} },
    required: ['error'],
  };
  const refused = (description: string) => ({ description, content: { 'application/json': { schema: ERROR } } });
  document.paths['/api/event'] = {
    post: {
      tags: ['collection'],
      summary: 'Record a pageview, custom event or engagement',
      description: 'JSON body whatever the Content-Type (sendBeacon sends text/plain), at most 8 KiB. No authentication; any origin.',
      requestBody: {
        required: true,
        content: {
          'text/plain': { schema: { $ref: '#/components/schemas/EventDto' } },
          'application/json': { schema: { $ref: '#/components/schemas/EventDto' } },
        },
      },
      responses: {
        '202': { description: 'Stored durably (or dropped as a bot); no body' },
        '400': refused('Malformed event: { error, details: [{ field, problems }] }'),
        '404': refused('The site is not registered'),
        '413': refused('Body over 8 KiB'),
        '429': refused('Past the per-client rate limit'),
        '503': refused('The event could not be stored right now; nothing was acknowledged'),
      },
    },
    options: { tags: ['collection'], summary: 'CORS preflight', responses: { '204': { description: 'Any origin, POST, Content-Type' } } },
  };
}
