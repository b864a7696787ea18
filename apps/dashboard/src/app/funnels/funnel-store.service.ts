import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { FunnelStep, SavedFunnel } from '@cairn/contracts';
import type { Observable } from 'rxjs';

/** A funnel an older dashboard kept in this browser's localStorage: offered for upload once. */
export interface LocalFunnel {
  name: string;
  steps: FunnelStep[];
}

/**
 * Saved funnels live on the server (GET/POST/DELETE /api/sites/:domain/funnels), seen by every member
 * of the site. Earlier dashboards kept them in this browser's localStorage: those are read once, to be
 * uploaded (or dropped), and then removed from the browser.
 */
@Injectable({ providedIn: 'root' })
export class FunnelStore {
  private readonly http = inject(HttpClient);

  static key(domain: string): string {
    return `cairn.funnels.${domain}`;
  }

  list(domain: string): Observable<SavedFunnel[]> {
    return this.http.get<SavedFunnel[]>(`/api/sites/${encodeURIComponent(domain)}/funnels`);
  }

  save(domain: string, funnel: LocalFunnel): Observable<SavedFunnel> {
    return this.http.post<SavedFunnel>(`/api/sites/${encodeURIComponent(domain)}/funnels`, { name: funnel.name, steps: funnel.steps });
  }

  remove(domain: string, id: number): Observable<void> {
    return this.http.delete<void>(`/api/sites/${encodeURIComponent(domain)}/funnels/${id}`);
  }

  /** The funnels an older dashboard left in this browser for this site (unreadable ones skipped). */
  local(domain: string): LocalFunnel[] {
    try {
      const parsed: unknown = JSON.parse(localStorage.getItem(FunnelStore.key(domain)) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter(isLocalFunnel) : [];
    } catch {
      return [];
    }
  }

  /** After the upload offer was taken or declined: nothing of them stays in the browser. */
  forgetLocal(domain: string): void {
    localStorage.removeItem(FunnelStore.key(domain));
  }
}

function isLocalFunnel(value: unknown): value is LocalFunnel {
  const candidate = value as Partial<LocalFunnel> | null;
  return (
    typeof candidate?.name === 'string' &&
    candidate.name.trim() !== '' &&
    Array.isArray(candidate.steps) &&
    candidate.steps.length >= 2 &&
    candidate.steps.length <= 8 &&
    candidate.steps.every((step: unknown) => {
      const s = step as { page?: unknown; event?: unknown } | null;
      return (typeof s?.page === 'string') !== (typeof s?.event === 'string');
    })
  );
}
