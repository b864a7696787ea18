/**
 * Reads Prometheus text exposition (what GET /metrics answers) into `name{label="v",…}` → value, the
 * series names as Prometheus shows them, labels in the order they were written.
 */
export function parsePrometheus(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${JSON.stringify(line)}`);
    series.set(match[1], Number(match[2]));
  }
  return series;
}

/** The `# TYPE` of every metric the text declares. */
export function prometheusTypes(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));
}
