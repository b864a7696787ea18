// wrk (C, one thread, pinned to core 0) as the ingest load generator: autocannon, in Node, saturated
// its own core before a bare node:http server did (27,700 against wrk's ~43,000 req/s on the 2-vCPU
// VM), so the "ceiling" it measured was its own. Installed by .ci/run (Debian package `wrk`).
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SCRIPT = join(new URL('.', import.meta.url).pathname, 'ingest.lua');

export function wrkAvailable() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its banner: present.
    return error.status === 1;
  }
}

/** user + system CPU ms of a process (all threads) from /proc. */
export function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const DURATION_UNITS = { us: 0.001, ms: 1, s: 1000, m: 60_000 };
const ms = (text) => {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  return match ? Number(match[1]) * DURATION_UNITS[match[2]] : NaN;
};

/**
 * One wrk run against POST /api/event: throughput, latency percentiles, answers that were not 2xx,
 * socket errors, and how busy wrk's own core and the server were (a generator near 100 % of its core
 * is the bottleneck, not the server).
 */
export function wrkLoad(port, { connections, seconds, serverPid, offset = 0, site = 'bench.example' }) {
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', ['-c', '0', 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', SCRIPT, `http://127.0.0.1:${port}/api/event`], {
      env: { ...process.env, BENCH_OFFSET: String(offset), BENCH_SITE: site },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const serverBefore = cpuMs(serverPid);
    const started = performance.now();
    let wrkCpu = 0;
    const sample = setInterval(() => {
      try {
        wrkCpu = cpuMs(child.pid);
      } catch {
        /* exited */
      }
    }, 200);
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      clearInterval(sample);
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`wrk exited ${code}: ${out}`));
      const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
      const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
      const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      const errors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
      const percentile = (p) => ms(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(out)?.[1] ?? '');
      resolve({
        rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
        requests,
        non2xx,
        errors,
        p50Ms: percentile(50),
        p99Ms: percentile(99),
        serverCpuUs: Math.round(((cpuMs(serverPid) - serverBefore) * 1000) / requests),
        serverBusy: Number(((cpuMs(serverPid) - serverBefore) / wallMs).toFixed(2)),
        generatorBusy: Number((wrkCpu / wallMs).toFixed(2)),
        output: out,
      });
    });
  });
}
