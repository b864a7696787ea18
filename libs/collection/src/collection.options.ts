export interface CollectionOptions {
  /** The built snippet that GET /tracker.js serves. */
  trackerFile: string;
  /** The site the /demo page reports to; registered on first start. */
  demoSite: string;
  /** Collection requests per client and minute (429 past it). */
  eventsPerMinute: number;
  /** TRACKER_PATH: the snippet is also served there (first-party serving). */
  trackerPath?: string | null;
  /** COLLECT_PATH: events are also taken there, and the served snippet sends them there. */
  collectPath?: string | null;
}

export const COLLECTION_OPTIONS = Symbol('COLLECTION_OPTIONS');
