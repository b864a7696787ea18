import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@cairn/accounts';
import type { Goal } from '@cairn/contracts';
import { CreateGoalDto } from './goal.dto.js';
import { GoalsService } from './goals.service.js';
import { IdPipe } from './id.pipe.js';

@ApiTags('goals')
@ApiBearerAuth()
@Controller('api/sites/:domain/goals')
export class GoalsController {
  constructor(private readonly goals: GoalsService) {}

  @Get()
  @ApiOperation({ summary: 'The site’s goals, by name' })
  @ApiOkResponse({ description: '[{ id, name, page, event, props, currency, createdAt }]' })
  @ApiNotFoundResponse({ description: 'No such site, or not yours' })
  list(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string): Promise<Goal[]> {
    return this.goals.list(principal, domain);
  }

  @Post()
  @ApiOperation({
    summary: 'Add a goal (admin+)',
    description:
      'A page goal `{ page: "/pricing*" }` or an event goal `{ event: "Signup", props?: { plan: "pro" } }`; with `currency` an event goal is a revenue goal. It counts past traffic too. Unknown fields are refused.',
  })
  @ApiCreatedResponse({ description: 'The goal' })
  @ApiBadRequestResponse({ description: '{ error, details } naming each bad field' })
  @ApiConflictResponse({ description: 'The site already has a goal of that name' })
  @ApiForbiddenResponse({ description: 'Your role on the site is below admin' })
  @ApiNotFoundResponse({ description: 'No such site, or not yours' })
  create(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string, @Body() body: CreateGoalDto): Promise<Goal> {
    return this.goals.create(principal, domain, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a goal (admin+)' })
  @ApiForbiddenResponse({ description: 'Your role on the site is below admin' })
  @ApiNotFoundResponse({ description: 'No such site or goal, or not yours' })
  remove(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string, @Param('id', IdPipe) id: number): Promise<void> {
    return this.goals.remove(principal, domain, id);
  }
}
