export interface CollectionOptions {
  /** The built snippet that GET /tracker.js serves. */
  trackerFile: string;
  /** The site the /demo page reports to; registered on first start. */
  demoSite: string;
  /** Collection requests per client and minute (429 past it). */
  eventsPerMinute: number;
}

export const COLLECTION_OPTIONS = Symbol('COLLECTION_OPTIONS');
