import { applyDecorators } from '@nestjs/common';
import { IsString, MaxLength, ValidateBy, buildMessage } from 'class-validator';
import { normalizeDomain } from './site-domain.js';
import { canonicalTimeZone } from './time-zone.js';

/** A string that normalises to a registrable host name (see normalizeDomain). */
export const IsSiteDomain = () =>
  applyDecorators(
    IsString(),
    MaxLength(2048),
    ValidateBy({
      name: 'isSiteDomain',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && normalizeDomain(value) !== null,
        defaultMessage: buildMessage((prefix) => `${prefix}$property must be a domain name such as example.com`),
      },
    }),
  );

/** An IANA time zone name such as Europe/Paris. */
export const IsIanaTimeZone = () =>
  applyDecorators(
    IsString(),
    ValidateBy({
      name: 'isIanaTimeZone',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && canonicalTimeZone(value) !== null,
        defaultMessage: buildMessage((prefix) => `${prefix}$property must be an IANA time zone such as Europe/Paris`),
      },
    }),
  );
