import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '@cairn/accounts';
import { ApiStatsSlice, type RawParams } from '@cairn/aggregation';
import { DIMENSIONS } from '@cairn/contracts';
import { EVENT_COLUMNS, VISIT_COLUMNS } from './export-datasets.js';
import { FORMATS } from './export-formats.js';
import { streamExport } from './export-stream.js';
import { ExportService } from './export.service.js';

@ApiTags('export')
@ApiBearerAuth()
@Controller('api/export')
export class ExportController {
  private readonly logger = new Logger(ExportController.name);

  constructor(private readonly exports: ExportService) {}

  @Get()
  @ApiOperation({
    summary: 'Download raw events, visits or a breakdown as CSV or NDJSON, streamed',
    description:
      'Sent as an attachment named `<site>-<dataset>-<first day>-<last day>.<ext>`. CSV follows RFC 4180 (header row, CRLF); ' +
      'a text cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `\'` so spreadsheets do not run it as a formula.',
  })
  @ApiStatsSlice()
  @ApiQuery({ name: 'format', required: false, enum: FORMATS, description: 'Default csv' })
  @ApiQuery({
    name: 'dataset',
    required: false,
    description: `Default events. events: ${EVENT_COLUMNS.join(', ')}. visits: ${VISIT_COLUMNS.join(', ')}. Or a breakdown dimension (${DIMENSIONS.join(', ')}, prop:<key>): the rows of /api/stats/breakdown, all of them`,
  })
  @ApiOkResponse({
    description: 'The rows, ordered by time then id (breakdowns: by visitors), as an attachment',
    content: { 'text/csv': { schema: { type: 'string' } }, 'application/x-ndjson': { schema: { type: 'string' } } },
  })
  async download(@CurrentPrincipal() principal: Principal, @Query() query: RawParams, @Res() res: Response): Promise<void> {
    await streamExport(res, await this.exports.prepare(principal, query), this.logger);
  }
}
