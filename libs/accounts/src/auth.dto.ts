import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { ChangePasswordRequest, CreateApiKeyRequest, LoginRequest } from '@cairn/contracts';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'admin@example.org' })
  @IsEmail({ require_tld: false })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  password: string;
}

export class CreateApiKeyDto implements CreateApiKeyRequest {
  @ApiProperty({ example: 'nightly export', description: 'A label to recognise the key by' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ example: '2027-06-30T00:00:00Z', description: 'When the key stops working (ISO 8601, in the future); omitted = until revoked' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  expiresAt?: string;
}

/** A password a user chooses: 10 to 1024 characters. */
export const IsNewPassword = () => applyDecorators(IsString(), MinLength(10), MaxLength(1024));

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  currentPassword: string;

  @ApiProperty({ example: 'a longer passphrase still', minLength: 10, maxLength: 1024 })
  @IsNewPassword()
  newPassword: string;
}
