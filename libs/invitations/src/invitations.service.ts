import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { ForbiddenException, Injectable, Logger, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { MembersRepository, roleAtLeast, SiteAccess } from '@cairn/access';
import { AuthService, type Principal } from '@cairn/accounts';
import { Clock } from '@cairn/clock';
import type { CreatedInvitation, CreateInvitationRequest, Invitation, LoginResponse } from '@cairn/contracts';
import { invalidFields } from '@cairn/http';
import { Mailer } from '@cairn/notify';
import type { InvitationEntity } from '@cairn/storage';
import { InvitationsRepository } from './invitations.repository.js';

/** How long an invitation's link works. */
export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;
const GONE = 'This invitation is unknown, already used or expired';

/**
 * Invitations (contract §7): an admin invites an email to a site with a role; the link works once,
 * for 7 days, and is mailed when SMTP_URL is set. Accepting makes the account (or, for an existing
 * user, checks their own password) and the membership, and logs in.
 */
@Injectable()
export class InvitationsService {
  private readonly logger = new Logger(InvitationsService.name);

  constructor(
    private readonly invitations: InvitationsRepository,
    private readonly access: SiteAccess,
    private readonly members: MembersRepository,
    private readonly auth: AuthService,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
  ) {}

  async create(principal: Principal, request: CreateInvitationRequest): Promise<CreatedInvitation> {
    const { site, role } = await this.access.require(principal, request.site, 'admin');
    if (request.role === 'owner' && role !== 'owner') throw new ForbiddenException('Only an owner can invite an owner');
    const token = `ci_${randomBytes(32).toString('base64url')}`;
    const now = this.clock.now();
    const invitation: InvitationEntity = {
      id: randomUUID(),
      siteId: site.id,
      email: request.email.trim().toLowerCase(),
      role: request.role,
      tokenHash: hashOf(token),
      invitedBy: principal.id,
      createdAt: now,
      expiresAt: now + INVITATION_TTL_MS,
      acceptedAt: null,
    };
    await this.invitations.insert(invitation);
    const path = `/invite/${token}`;
    const url = this.mailer.configured ? this.mailer.link(path) : path;
    let mailed = false;
    if (this.mailer.configured) {
      try {
        await this.mailer.send({
          to: invitation.email,
          subject: `You are invited to ${site.domain} on Cairn`,
          text:
            `${principal.email} invited you to see the analytics of ${site.domain} on Cairn, as ${invitation.role}.\n\n` +
            `Accept within 7 days (the link works once):\n${url}\n\nIf you did not expect this, ignore this mail.\n`,
        });
        mailed = true;
      } catch (error) {
        // The link is in the answer: whoever invited can pass it on another way.
        this.logger.warn(`Invitation mail not sent: ${(error as Error).message}`);
      }
    }
    return { id: invitation.id, url, expiresAt: new Date(invitation.expiresAt).toISOString(), mailed };
  }

  async list(principal: Principal, domain: string): Promise<Invitation[]> {
    const { site } = await this.access.require(principal, domain, 'admin');
    return (await this.invitations.pending(site.id, this.clock.now())).map((invitation) => toInvitation(invitation, site.domain));
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const invitation = await this.invitations.findById(id);
    try {
      if (!invitation) throw new NotFoundException();
      await this.access.require(principal, invitation.domain, 'admin');
    } catch (error) {
      // A stranger to the site learns nothing of it from an invitation's id.
      if (error instanceof NotFoundException) throw new NotFoundException(`No invitation ${id}`);
      throw error;
    }
    await this.invitations.delete(id);
  }

  async accept(token: string, password: string): Promise<LoginResponse> {
    const invitation = await this.invitations.findByTokenHash(hashOf(token));
    const now = this.clock.now();
    if (!invitation || invitation.acceptedAt !== null || invitation.expiresAt <= now) throw new NotFoundException(GONE);
    const existing = await this.auth.findUser(invitation.email);
    if (existing && !(await this.auth.checkPassword(invitation.email, password))) {
      throw new UnauthorizedException(`${invitation.email} already has an account: accept with its password`);
    }
    if (!existing && password.length < 10) throw invalidFields([{ field: 'password', problems: ['password must be at least 10 characters'] }]);
    // Claimed before anything is made of it: of two accepts at once, one wins and the other gets 404.
    if (!(await this.invitations.claim(invitation.id, now))) throw new NotFoundException(GONE);
    const user = existing ?? (await this.auth.createMember(invitation.email, password));
    // A member already holding as much or more keeps their role.
    const current = await this.members.find(invitation.siteId, user.id);
    if (!current || !roleAtLeast(current.role, invitation.role)) await this.members.grant(invitation.siteId, user.id, invitation.role, now);
    return this.auth.startSession(user.id);
  }
}

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toInvitation(invitation: InvitationEntity, domain: string): Invitation {
  return {
    id: invitation.id,
    email: invitation.email,
    site: domain,
    role: invitation.role,
    createdAt: new Date(invitation.createdAt).toISOString(),
    expiresAt: new Date(invitation.expiresAt).toISOString(),
  };
}
