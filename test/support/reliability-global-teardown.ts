import { createRequire } from 'node:module';

// See reliability-global-setup.ts for why the tally is loaded through require().
const { printReliabilitySummary, resetReliabilitySummary } = createRequire(import.meta.url)('./reliability-summary.ts') as typeof import('./reliability-summary.js');

/** One table of what every reliability check sent, got acknowledged and found stored; then the run's tally file goes. */
export default function reliabilityGlobalTeardown(): void {
  printReliabilitySummary();
  resetReliabilitySummary();
}
