// Dashboard benchmark: time from navigation to the overview's numbers on screen, in headless
// Chromium against the built server on a seeded SQLite database (see aggregation.mjs for how those
// are made and kept under bench/data/). `node bench/dashboard.mjs [file.sqlite]` runs it alone.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = new URL('..', import.meta.url).pathname;
const DIST = join(ROOT, 'dist/apps/api/apps/api/src');
// The credentials and site `npm run seed` got from aggregation.mjs's environment.
const SEEDED = { email: 'bench@example.org', password: 'bench password 123', site: 'bench-stats.example' };
/** The six metric cards of the overview. */
const CARDS = ['visitors', 'visits', 'pageviews', 'viewsPerVisit', 'bounceRate', 'visitDuration'];

function serverEnv(dbFile, { email, password }) {
  return {
    PATH: process.env.PATH,
    DATABASE_URL: `sqlite:${dbFile}`,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    ADMIN_EMAIL: email,
    ADMIN_PASSWORD: password,
    // No rollup pass in the middle of a timed run (finished days are caught up before it starts).
    ROLLUP_INTERVAL_SECONDS: '3600',
  };
}

/** The built server on core 1 (the bench and Chromium stay on core 0, where run.mjs pins them). */
function startServer(env) {
  const child = spawn('taskset', ['-c', '1', process.execPath, join(DIST, 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const listen = (chunk) => {
      output += chunk;
      const match = /Cairn is running at http:\/\/[^:]+:(\d+)\//.exec(output);
      if (match) resolve({ child, base: `http://127.0.0.1:${match[1]}` });
    };
    child.stdout.on('data', listen);
    child.stderr.on('data', listen);
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${output.slice(-2000)}`)));
  });
}

function stopServer(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * One look at the overview: a full page load (the document, the app's code from the browser's
 * cache, every API call) in the already open, signed-in dashboard tab, as when someone opens the
 * bookmark of their site's overview. Timed by the page's own clock, from navigation start until
 * every metric card shows a number and the chart's canvas is there.
 */
async function timeOverview(page, base, site) {
  await page.goto(`${base}/sites`);
  await page.getByRole('link', { name: site, exact: true }).waitFor();
  const url = `${base}/sites/${encodeURIComponent(site)}?period=30d`;
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    (cards) => {
      const shown = cards.map((card) => document.querySelector(`[data-metric=${card}] .value`)?.textContent ?? '');
      const chart = document.querySelector('cairn-timeseries-chart canvas');
      return shown.every((text) => /\d/.test(text)) && chart !== null && chart.width > 0 ? performance.now() : false;
    },
    CARDS,
    { polling: 'raf', timeout: 60_000 },
  );
  return Math.round(await handle.jsonValue());
}

/**
 * Starts the built server on `dbFile` (a database `npm run seed` made, with its admin and site),
 * signs in through the login page, then opens the site's overview for the last 30 days: one
 * warm-up, then `runs` timed navigations. Returns the median and each run, in milliseconds.
 */
export async function benchDashboardTime({ dbFile, runs = 5, email = SEEDED.email, password = SEEDED.password, site = SEEDED.site }) {
  if (!dbFile || !existsSync(dbFile)) throw new Error(`no database at ${dbFile}`);
  const env = serverEnv(dbFile, { email, password });
  // Finished days not rolled up yet (the seed ran on an earlier day) are caught up first, as the
  // server does by itself within ROLLUP_INTERVAL_SECONDS of starting.
  execFileSync(process.execPath, [join(DIST, 'rollups.js')], { env, stdio: 'ignore' });
  const { child, base } = await startServer(env);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.fill('#login-email', email);
    await page.fill('#login-password', password);
    await page.click('button[type=submit]');
    await page.waitForURL('**/sites');

    await timeOverview(page, base, site); // warm-up: the browser's cache, the server's provisional rollup of today
    const times = [];
    for (let i = 0; i < runs; i++) times.push(await timeOverview(page, base, site));
    return { medianMs: median(times), runs: times };
  } finally {
    await browser.close();
    await stopServer(child);
  }
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const dbFile = process.argv[2] ?? ['seed-10000000', 'seed-1000000'].map((name) => join(ROOT, 'bench/data', `${name}.sqlite`)).find((file) => existsSync(file));
  try {
    execFileSync('taskset', ['-cp', '0', String(process.pid)], { stdio: 'ignore' });
  } catch {
    console.warn('taskset unavailable: Chromium and the server share cores');
  }
  const result = await benchDashboardTime({ dbFile });
  console.log(`dashboard, navigation → overview numbers and chart (${dbFile}): median ${result.medianMs} ms of ${result.runs.join(', ')} ms (target ≤ 1500 ms)`);
}
