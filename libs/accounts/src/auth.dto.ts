import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { CreateApiKeyRequest, LoginRequest } from '@cairn/contracts';

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
}
