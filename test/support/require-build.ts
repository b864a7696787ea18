import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The end-to-end suites run the built server; say so plainly instead of failing every test. */
export default function requireBuild(): void {
  // Jest loads this file outside its module mapping, so it cannot import cairn-server.ts.
  const entry = join(process.cwd(), 'dist', 'apps', 'api', 'apps', 'api', 'src', 'main.js');
  if (!existsSync(entry)) {
    throw new Error(`No built server at ${entry}: run "npm run build" first (npm test does it for you).`);
  }
}
