import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMillis } from './column-types.js';

/** One random salt per UTC day for visitor hashes; deleted after 48 h so old hashes cannot be recomputed. */
@Entity({ name: 'daily_salts' })
export class DailySaltEntity {
  /** `YYYY-MM-DD`, UTC. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  day: string;

  /** 32 random bytes, hex. */
  @Column({ type: 'varchar', length: 64 })
  salt: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: number;
}
