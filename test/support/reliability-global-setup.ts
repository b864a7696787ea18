import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The reliability suite starts with the built server in place and an empty tally of its own. */
export default function reliabilityGlobalSetup(): void {
  // A file per run: two runs at once on one machine (CI, a developer) must not share a tally. Set
  // before the tally's module is loaded, here and (inherited) in the test files and the teardown.
  process.env.CAIRN_RELIABILITY_SUMMARY ??= join(tmpdir(), `cairn-reliability-summary-${process.pid}.ndjson`);
  // Jest loads global setup outside its module mapping (see require-build.ts), but with its
  // TypeScript transform hooked into require() while it does: the suite's own modules load that way.
  const load = createRequire(import.meta.url);
  const { default: requireBuild } = load('./require-build.ts') as typeof import('./require-build.js');
  const { resetReliabilitySummary } = load('./reliability-summary.ts') as typeof import('./reliability-summary.js');
  requireBuild();
  resetReliabilitySummary();
}
