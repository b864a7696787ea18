import { HttpClient, HttpErrorResponse, type HttpResponse } from '@angular/common/http';
import { DOCUMENT } from '@angular/common';
import { Injectable, inject } from '@angular/core';
import type { Dimension, Site } from '@cairn/contracts';
import { firstValueFrom } from 'rxjs';
import { statsParams, type ViewState } from '../stats/view-state';

export type ExportDataset = 'events' | 'visits' | Dimension;

/** The /api/export parameters for a view: the very slice and filters the stats on screen were asked for. */
export function exportParams(site: Site, view: ViewState, dataset: ExportDataset): Record<string, string | string[]> {
  return { ...statsParams(site.domain, view), format: 'csv', dataset };
}

/** The file name the server gave (Content-Disposition), or one made from the request. */
export function downloadName(contentDisposition: string | null, fallback: string): string {
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(contentDisposition ?? '');
  if (encoded) {
    try {
      return decodeURIComponent(encoded[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(contentDisposition ?? '');
  return plain ? plain[1].trim() : fallback;
}

/**
 * The /api/export area. A plain link cannot carry the Bearer token, so the file is fetched
 * (through the interceptor) as a blob and handed to the browser as a download.
 */
@Injectable({ providedIn: 'root' })
export class ExportService {
  private readonly http = inject(HttpClient);
  private readonly document = inject(DOCUMENT);

  async download(site: Site, view: ViewState, dataset: ExportDataset): Promise<void> {
    const params = exportParams(site, view, dataset);
    let response: HttpResponse<Blob>;
    try {
      response = await firstValueFrom(this.http.get('/api/export', { params, responseType: 'blob', observe: 'response' }));
    } catch (error) {
      throw await withJsonError(error);
    }
    const fallback = `${site.domain}-${String(dataset).replace(/[^\w-]+/g, '_')}.csv`;
    this.save(response, downloadName(response.headers.get('Content-Disposition'), fallback));
  }

  /** A file made in the browser (the chart's figures), saved the same way. */
  saveText(text: string, name: string, type = 'text/csv'): void {
    this.saveBlob(new Blob([text], { type }), name);
  }

  private save(response: HttpResponse<Blob>, name: string): void {
    if (response.body) this.saveBlob(response.body, name);
  }

  private saveBlob(blob: Blob, name: string): void {
    const url = URL.createObjectURL(blob);
    const link = this.document.createElement('a');
    link.href = url;
    link.download = name;
    link.style.display = 'none';
    this.document.body.append(link);
    link.click();
    link.remove();
    // After the click has been handled: revoking at once can cancel the download in some browsers.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

/** A failed blob request carries the API's `{ error }` as a Blob: read it, so the message can be shown. */
async function withJsonError(error: unknown): Promise<unknown> {
  if (!(error instanceof HttpErrorResponse) || !(error.error instanceof Blob)) return error;
  try {
    const body: unknown = JSON.parse(await error.error.text());
    return new HttpErrorResponse({ error: body, headers: error.headers, status: error.status, statusText: error.statusText, url: error.url ?? undefined });
  } catch {
    return error;
  }
}
