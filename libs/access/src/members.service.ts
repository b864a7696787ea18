import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '@cairn/accounts';
import type { SiteMember, SiteRole } from '@cairn/contracts';
import { MembersRepository, type OwnerGuarded } from './members.repository.js';
import { SiteAccess } from './site-access.service.js';

/**
 * Members of a site (contract §7): admins manage admins and viewers, owners manage everyone; a
 * site always keeps an owner. Anyone may leave a site (remove themselves) unless they are its last owner.
 */
@Injectable()
export class MembersService {
  constructor(
    private readonly access: SiteAccess,
    private readonly members: MembersRepository,
  ) {}

  async list(principal: Principal, domain: string): Promise<SiteMember[]> {
    const { site } = await this.access.require(principal, domain, 'admin');
    return this.members.list(site.id);
  }

  async setRole(principal: Principal, domain: string, userId: number, role: SiteRole): Promise<SiteMember> {
    const { site, role: mine } = await this.access.require(principal, domain, 'admin');
    const member = await this.members.find(site.id, userId);
    if (!member) throw new NotFoundException(`No member ${userId} on ${site.domain}`);
    if (mine !== 'owner' && (member.role === 'owner' || role === 'owner')) throw new ForbiddenException('Only an owner can make or change owners');
    settle(await this.members.setRole(site.id, userId, role), site.domain, userId);
    return { ...member, role };
  }

  async remove(principal: Principal, domain: string, userId: number): Promise<void> {
    const leaving = userId === principal.id;
    const { site, role: mine } = await this.access.require(principal, domain, leaving ? 'viewer' : 'admin');
    const member = await this.members.find(site.id, userId);
    if (!member) throw new NotFoundException(`No member ${userId} on ${site.domain}`);
    if (!leaving && mine !== 'owner' && member.role === 'owner') throw new ForbiddenException('Only an owner can remove an owner');
    settle(await this.members.remove(site.id, userId), site.domain, userId);
  }
}

function settle(outcome: OwnerGuarded, domain: string, userId: number): void {
  if (outcome === 'missing') throw new NotFoundException(`No member ${userId} on ${domain}`);
  if (outcome === 'last-owner') throw new ConflictException(`${domain} must keep at least one owner: make someone else owner first`);
}
