import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVER_ENTRY = join(ROOT, 'dist', 'apps', 'api', 'apps', 'api', 'src', 'main.js');

export const ADMIN_EMAIL = 'owner@example.org';
export const ADMIN_PASSWORD = 'correct horse battery staple';

export interface HttpAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as is, instead of JSON-encoding `body`. */
  rawBody?: string;
  headers?: Record<string, string>;
}

/**
 * The real Cairn server, built (dist/) and started as its own process on a free port, as a
 * user would run it. Its stdout and stderr are kept so tests can read what it printed and logged.
 */
export class CairnServer {
  /** Every server this test file started and has not seen exit: stopped after the file (see stop-servers.ts). */
  private static readonly running = new Set<CairnServer>();
  private output = '';
  private exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    CairnServer.running.add(this);
    void this.exited.then(() => CairnServer.running.delete(this));
  }

  /** Kills whatever a failed test left running, so no server outlives its test file. */
  static async killAll(): Promise<void> {
    await Promise.all([...CairnServer.running].map((server) => server.kill()));
  }

  static async start(env: Record<string, string>): Promise<CairnServer> {
    const child = spawn(process.execPath, [SERVER_ENTRY], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
        // Suites count rows exactly: no made-up traffic on the demo site unless a test asks for it.
        DEMO_DATA: 'false',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Cairn did not start within 20 s:\n${output}`)), 20_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Cairn is running at (http:\/\/[^/\s]+)\//.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Cairn exited with ${code} before listening:\n${output}`));
      });
    });
    const server = new CairnServer(child, url);
    server.output = output;
    child.stdout!.on('data', (chunk: Buffer) => (server.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (server.output += chunk.toString()));
    return server;
  }

  /** The server's process id (for /proc/<pid>/status, say). */
  get pid(): number {
    return this.child.pid!;
  }

  /** False once the process has exited, whoever ended it. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Everything the process wrote to stdout and stderr so far. */
  get logs(): string {
    return this.output;
  }

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<HttpAnswer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(this.url + path, { method, headers, body, redirect: 'manual' });
    const text = await response.text();
    let parsed: unknown = text;
    if (/^application\/(?:[\w.-]+\+)?json\b/.test(response.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  async login(email = ADMIN_EMAIL, password = ADMIN_PASSWORD): Promise<string> {
    const answer = await this.request<{ token: string }>('POST', '/api/auth/login', { body: { email, password } });
    if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${answer.text}`);
    return answer.body.token;
  }

  /** SIGKILL: the process dies on the spot, with no chance to flush anything. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, as a service manager stops it; resolves with the exit code. Fails (after a SIGKILL) if it hangs. */
  async stop(graceMs = 15_000): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), graceMs)));
    const outcome = await Promise.race([this.exited, hung]);
    clearTimeout(timer);
    if (outcome === 'hung') {
      await this.kill();
      throw new Error(`Cairn did not stop within ${graceMs} ms of SIGTERM:\n${this.output.slice(-2000)}`);
    }
    return outcome;
  }
}

/** Runs the server with an environment expected to be refused; resolves with what it printed and its exit code. */
export function runServerExpectingExit(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER_ENTRY], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', DEMO_DATA: 'false', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server kept running with ${JSON.stringify(env)}:\n${stdout}${stderr}`));
    }, 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
