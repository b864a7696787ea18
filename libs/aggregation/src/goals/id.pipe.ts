import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/** A row id in a path: a whole number from 1 to 2^31 − 1 (an INTEGER column on both engines); 400 otherwise. */
@Injectable()
export class IdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const id = /^[1-9]\d{0,9}$/.test(value) ? Number(value) : NaN;
    if (!(id <= 2 ** 31 - 1)) throw new BadRequestException({ error: 'Invalid request', details: [{ field: 'id', problems: ['id must be a whole number from 1 to 2147483647'] }] });
    return id;
  }
}
