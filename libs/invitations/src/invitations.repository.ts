import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InvitationEntity, SiteEntity } from '@cairn/storage';
import type { DataSource } from 'typeorm';

export interface InvitationRow extends InvitationEntity {
  domain: string;
}

/** Invitations, by intent. */
@Injectable()
export class InvitationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get invitations() {
    return this.dataSource.getRepository(InvitationEntity);
  }

  async insert(invitation: InvitationEntity): Promise<void> {
    await this.invitations.insert(invitation);
  }

  /** Not yet accepted and not expired at `now`, newest first. */
  pending(siteId: number, now: number): Promise<InvitationEntity[]> {
    return this.invitations
      .createQueryBuilder('i')
      .where('i.site_id = :siteId AND i.accepted_at IS NULL AND i.expires_at > :now', { siteId, now })
      .orderBy('i.created_at', 'DESC')
      .getMany();
  }

  async findById(id: string): Promise<InvitationRow | null> {
    return this.withDomain(await this.invitations.findOneBy({ id }));
  }

  async findByTokenHash(tokenHash: string): Promise<InvitationRow | null> {
    return this.withDomain(await this.invitations.findOneBy({ tokenHash }));
  }

  async delete(id: string): Promise<void> {
    await this.invitations.delete({ id });
  }

  /** Marks it used, unless it already was or has expired: true for the one caller that gets it. */
  async claim(id: string, now: number): Promise<boolean> {
    const result = await this.invitations
      .createQueryBuilder()
      .update()
      .set({ acceptedAt: now })
      .where('id = :id AND accepted_at IS NULL AND expires_at > :now', { id, now })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  private async withDomain(invitation: InvitationEntity | null): Promise<InvitationRow | null> {
    if (!invitation) return null;
    const site = await this.dataSource.getRepository(SiteEntity).findOneBy({ id: invitation.siteId });
    return site ? { ...invitation, domain: site.domain } : null;
  }
}
