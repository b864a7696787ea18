import { Body, Controller, Get, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { CurrentUser, LoginResponse } from '@cairn/contracts';
import { CurrentPrincipal, Public } from './auth.decorators.js';
import { ChangePasswordDto, LoginDto } from './auth.dto.js';
import type { Response } from 'express';
import { AuthService, LoginBackoffException, type Principal } from './auth.service.js';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @UseGuards(ThrottlerGuard)
  @SkipThrottle({ events: true })
  @ApiOperation({ summary: 'Exchange email and password for a Bearer token' })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this client, or too many wrong passwords for this account (Retry-After says how long to wait)' })
  async login(@Body() body: LoginDto, @Res({ passthrough: true }) response: Response): Promise<LoginResponse> {
    try {
      return await this.auth.login(body.email, body.password);
    } catch (error) {
      if (error instanceof LoginBackoffException) response.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the token belongs to' })
  me(@CurrentPrincipal() principal: Principal): CurrentUser {
    return { id: principal.id, email: principal.email, role: principal.role };
  }

  @Post('password')
  @HttpCode(204)
  @ApiBearerAuth()
  @UseGuards(ThrottlerGuard)
  @SkipThrottle({ events: true })
  @ApiOperation({ summary: 'Change your password; every other login token of yours is revoked (API keys stay)' })
  @ApiUnauthorizedResponse({ description: 'The current password is wrong' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this client' })
  changePassword(@CurrentPrincipal() principal: Principal, @Body() body: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(principal, body.currentPassword, body.newPassword);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revoke the token this request carries' })
  logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    return this.auth.logout(principal);
  }
}
