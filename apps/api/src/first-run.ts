import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AuthService } from '@cairn/accounts';
import { SitesService } from '@cairn/sites';

/** The site the /demo page reports to, registered for the admin on first start. */
export const DEMO_SITE = 'demo.localhost';

/** What an empty database gets on first start: the admin account, and the demo site so /demo works at once. */
@Injectable()
export class FirstRun implements OnApplicationBootstrap {
  constructor(
    private readonly auth: AuthService,
    private readonly sites: SitesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const adminId = await this.auth.ensureAdmin();
    if (adminId !== null) await this.sites.ensureSite(DEMO_SITE, adminId);
  }
}
