/** Minifies libs/tracker/src/tracker.js with terser and measures it gzipped at level 9. */
export function buildTracker(): Promise<{ code: string; rawBytes: number; gzipBytes: number }>;
