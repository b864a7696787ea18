/** One batch for the writer thread: visits as column values (VISIT_COLUMNS order), events as EVENT_COLUMNS values
 * whose first value is the index of their visit in `visits`. */
export interface WriteRequest {
  seq: number;
  visits: Array<{ id: number | null; values: unknown[] }>;
  events: unknown[][];
}

/** The ids of the batch's visits, in order; or why the transaction was rolled back. */
export type WriteResult = { seq: number; visitIds: number[]; error?: undefined } | { seq: number; error: string };
