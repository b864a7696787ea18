import { createRequire } from 'node:module';

// Jest loads global setup outside its module mapping (see require-build.ts), but with its TypeScript
// transform hooked into require() while it does: the suite's own modules load that way.
const load = createRequire(import.meta.url);
const { default: requireBuild } = load('./require-build.ts') as typeof import('./require-build.js');
const { resetReliabilitySummary } = load('./reliability-summary.ts') as typeof import('./reliability-summary.js');

/** The reliability suite starts with the built server in place and an empty tally. */
export default function reliabilityGlobalSetup(): void {
  requireBuild();
  resetReliabilitySummary();
}
