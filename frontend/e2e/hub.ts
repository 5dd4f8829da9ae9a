// The end-to-end tests' hub: the real binary, in dev mode with the demo
// region seeded into a fresh SQLite database in a temporary directory, on a
// free port. Started once for the whole run (vitest globalSetup).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

async function waitReady(url: string, hub: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (hub.exitCode !== null) throw new Error(`the hub exited with ${hub.exitCode}:\n${log()}`);
    try {
      const r = await fetch(url + '/readyz');
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the hub did not become ready:\n${log()}`);
}

export default async function setup(project: TestProject) {
  const bin = resolve(process.env.KETENHUB_BIN ?? join(import.meta.dirname, '../../bin/ketenhub'));
  // KETENHUB_E2E_DIR keeps the hub's data after the run, for the leak
  // oracle's scan of what the browsers received (make test sets it).
  const keep = process.env.KETENHUB_E2E_DIR;
  const dir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'ketenhub-e2e-'));
  if (keep) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  let output = '';
  const hub = spawn(bin, ['serve'], {
    env: {
      ...process.env,
      KETENHUB_ADDR: `127.0.0.1:${port}`,
      KETENHUB_METRICS_ADDR: '127.0.0.1:0',
      KETENHUB_DATA_DIR: dir,
      KETENHUB_DEV: 'true',
      KETENHUB_DEMO: 'true',
      KETENHUB_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  hub.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  hub.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  await waitReady(baseURL, hub, () => output);
  project.provide('baseURL', baseURL);
  return async () => {
    hub.kill('SIGTERM');
    await new Promise((r) => (hub.exitCode !== null ? r(null) : hub.once('exit', r)));
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };
}
