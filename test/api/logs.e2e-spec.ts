import { spawn } from 'node:child_process';
import { CairnServer, ADMIN_EMAIL, ADMIN_PASSWORD, ROOT, SERVER_ENTRY } from '../support/cairn-server.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { FIREFOX, sendEvent } from '../support/traffic.js';

const MARKED_IP = '198.51.100.77';
const MARKED_AGENT = `${FIREFOX} LogProbe/4242`;

/** The lines Cairn logged (everything but the banner main.ts prints). */
function logLines(output: string): string[] {
  return output
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '' && !line.startsWith('Cairn is running at') && !line.startsWith('Admin account created:'));
}

/**
 * The built server on a pseudo-terminal (util-linux `script`), as a newcomer's `npm start` runs it:
 * resolves with what the terminal showed once the server is listening, then stops it.
 */
function startOnTerminal(env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(SERVER_ENTRY)}`, '/dev/null'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', ADMIN_EMAIL, ADMIN_PASSWORD, DEMO_DATA: 'false', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no start on the terminal within 20 s:\n${output}`));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Cairn is running at')) {
        clearTimeout(timer);
        child.kill('SIGTERM');
      }
    });
    child.once('exit', () => resolve(output.replace(/\x1b\[[0-9;]*m/g, '')));
  });
}

describe('logs', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('writes JSON lines when stdout is not a terminal, and only a few at start (no line per mapped route)', async () => {
    const server = await CairnServer.start({ DATABASE_URL: database.url });
    try {
      expect((await server.request('GET', '/api/nowhere')).status).toBe(404);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const lines = logLines(server.logs);
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      const entries = lines.map((line) => JSON.parse(line) as { level: number; msg?: string; req?: unknown; res?: unknown });
      expect(entries.filter((entry) => /Mapped \{/.test(entry.msg ?? ''))).toEqual([]);
      expect(entries.filter((entry) => entry.level >= 30 && !entry.req).length).toBeLessThanOrEqual(5);
      expect(entries).toContainEqual(expect.objectContaining({ level: 30, req: { method: 'GET', path: '/api/nowhere' }, res: { statusCode: 404 } }));
    } finally {
      await server.stop();
    }
  });

  it('still shows the start-up detail at LOG_LEVEL=debug', async () => {
    const server = await CairnServer.start({ DATABASE_URL: database.url, LOG_LEVEL: 'debug' });
    await server.stop();
    expect(server.logs).toMatch(/"context":"RouterExplorer","msg":"Mapped \{\/api\/sites, GET\} route"/);
  });

  it('writes readable lines with LOG_FORMAT=pretty, and never the address or the browser', async () => {
    const server = await CairnServer.start({ DATABASE_URL: database.url, LOG_FORMAT: 'pretty', TRUST_PROXY: 'true', LOG_LEVEL: 'trace' });
    try {
      expect((await sendEvent(server, { ip: MARKED_IP, userAgent: MARKED_AGENT }, { site: 'nobody.example', url: 'https://nobody.example/' })).status).toBe(404);
      const login = await server.request('POST', '/api/auth/login', { body: { email: ADMIN_EMAIL, password: 'wrong password' }, headers: { 'x-forwarded-for': MARKED_IP, 'user-agent': MARKED_AGENT } });
      expect(login.status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await server.stop();
    }
    const lines = logLines(server.logs);
    expect(lines.filter((line) => line.startsWith('{'))).toEqual([]);
    expect(lines.some((line) => /^\[\d\d:\d\d:\d\d\] INFO: request completed/.test(line))).toBe(true);
    expect(lines).toContainEqual(expect.stringMatching(/^\[\d\d:\d\d:\d\d\] INFO: request completed: POST \/api\/auth\/login → 401 in \d+ ms$/));
    expect(server.logs).not.toContain(MARKED_IP);
    expect(server.logs).not.toContain('LogProbe');
  });

  it('is readable on a terminal by itself, and JSON there when LOG_FORMAT=json says so', async () => {
    // Fresh databases: the first start logs the admin account it created, at info.
    const [one, two] = [await createTestDatabase(), await createTestDatabase()];
    const terminal = await startOnTerminal({ DATABASE_URL: one.url });
    expect(terminal).toContain('Cairn is running at');
    expect(terminal).toMatch(/\[\d\d:\d\d:\d\d\] INFO: \(AuthService\) Admin account owner@example\.org created/);
    expect(logLines(terminal).filter((line) => line.startsWith('{'))).toEqual([]);

    const forced = await startOnTerminal({ DATABASE_URL: two.url, LOG_FORMAT: 'json' });
    await Promise.all([one.drop(), two.drop()]);
    expect(forced).toContain('Cairn is running at');
    expect(logLines(forced).filter((line) => line.startsWith('{')).length).toBeGreaterThan(0);
    expect(forced).not.toMatch(/\[\d\d:\d\d:\d\d\] INFO/);
  });
});
