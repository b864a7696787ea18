import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DailySaltEntity } from '@cairn/storage';
import { LessThan, type Repository } from 'typeorm';

@Injectable()
export class SaltsRepository {
  constructor(@InjectRepository(DailySaltEntity) private readonly salts: Repository<DailySaltEntity>) {}

  findSalt(day: string): Promise<DailySaltEntity | null> {
    return this.salts.findOneBy({ day });
  }

  /** Inserts the day's salt unless another process did first; either way returns the one stored. */
  async createSalt(candidate: DailySaltEntity): Promise<DailySaltEntity> {
    await this.salts.createQueryBuilder().insert().into(DailySaltEntity).values(candidate).orIgnore().execute();
    return (await this.findSalt(candidate.day))!;
  }

  async deleteSaltsBefore(day: string): Promise<void> {
    await this.salts.delete({ day: LessThan(day) });
  }
}
