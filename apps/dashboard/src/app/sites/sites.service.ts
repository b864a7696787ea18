import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CreateSiteRequest, Site } from '@cairn/contracts';
import { firstValueFrom } from 'rxjs';

/** The /api/sites area. Failures reject with the HttpErrorResponse (see describeRequestProblem). */
@Injectable({ providedIn: 'root' })
export class SitesService {
  private readonly http = inject(HttpClient);

  list(): Promise<Site[]> {
    return firstValueFrom(this.http.get<Site[]>('/api/sites'));
  }

  get(domain: string): Promise<Site> {
    return firstValueFrom(this.http.get<Site>(`/api/sites/${encodeURIComponent(domain)}`));
  }

  create(request: CreateSiteRequest): Promise<Site> {
    return firstValueFrom(this.http.post<Site>('/api/sites', request));
  }

  async remove(domain: string): Promise<void> {
    await firstValueFrom(this.http.delete<void>(`/api/sites/${encodeURIComponent(domain)}`));
  }
}
