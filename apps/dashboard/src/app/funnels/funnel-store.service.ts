import { Injectable } from '@angular/core';
import type { FunnelStep } from '@cairn/contracts';

export interface SavedFunnel {
  name: string;
  steps: FunnelStep[];
}

/**
 * Funnels the site owner saved, per site, in this browser's localStorage (the dashboard user's
 * browser, never a tracked visitor's). Nothing about them is sent to the server but the steps asked for.
 */
@Injectable({ providedIn: 'root' })
export class FunnelStore {
  static key(domain: string): string {
    return `cairn.funnels.${domain}`;
  }

  list(domain: string): SavedFunnel[] {
    try {
      const parsed: unknown = JSON.parse(localStorage.getItem(FunnelStore.key(domain)) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter(isSavedFunnel) : [];
    } catch {
      return []; // hand-edited or from an older version: start over rather than break the page
    }
  }

  /** Saves under its name, replacing a funnel of the same name. */
  save(domain: string, funnel: SavedFunnel): SavedFunnel[] {
    const funnels = [...this.list(domain).filter((f) => f.name !== funnel.name), funnel].sort((a, b) => a.name.localeCompare(b.name));
    localStorage.setItem(FunnelStore.key(domain), JSON.stringify(funnels));
    return funnels;
  }

  remove(domain: string, name: string): SavedFunnel[] {
    const funnels = this.list(domain).filter((f) => f.name !== name);
    if (funnels.length) localStorage.setItem(FunnelStore.key(domain), JSON.stringify(funnels));
    else localStorage.removeItem(FunnelStore.key(domain));
    return funnels;
  }
}

function isSavedFunnel(value: unknown): value is SavedFunnel {
  const candidate = value as Partial<SavedFunnel> | null;
  return (
    typeof candidate?.name === 'string' &&
    Array.isArray(candidate.steps) &&
    candidate.steps.every((step: unknown) => {
      const s = step as { page?: unknown; event?: unknown } | null;
      return (typeof s?.page === 'string') !== (typeof s?.event === 'string');
    })
  );
}
