// Owns every process and scratch folder the benchmark starts: each is ended and removed on any exit.
import { fork, type ChildProcess, type ForkOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const live = new Set<ChildProcess>();
// Started in their own process group (a server that forks workers): ended as a group.
const groups = new WeakSet<ChildProcess>();
const scratchDirs = new Set<string>();
const names = new WeakMap<ChildProcess, string>();

export function track(child: ChildProcess, { isGroup = false } = {}): ChildProcess {
  live.add(child);
  if (isGroup) groups.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function signal(child: ChildProcess, name: NodeJS.Signals): void {
  if (hasExited(child) || child.pid === undefined) return;
  try {
    if (groups.has(child)) process.kill(-child.pid, name);
    else child.kill(name);
  } catch {
    // Already gone between the check and the signal.
  }
}

/** Asks politely, then insists after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 3_000): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signal(child, 'SIGTERM');
  const timer = setTimeout(() => signal(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Synchronous, for exit paths: whatever is still running is killed outright. */
export function killEverything(): void {
  for (const child of live) signal(child, 'SIGKILL');
  for (const dir of scratchDirs) fs.rmSync(dir, { recursive: true, force: true });
  scratchDirs.clear();
}

export function makeScratchDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-'));
  scratchDirs.add(dir);
  return dir;
}

export function removeScratchDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  scratchDirs.delete(dir);
}

/** Forks one of the bundled child entries (bench/children/*.ts) with an IPC channel. */
export function forkChild(
  name: string,
  options: { env?: Record<string, string>; execArgv?: string[] } = {},
): ChildProcess {
  const forkOptions: ForkOptions = {
    env: { ...process.env, ...options.env },
    execArgv: options.execArgv ?? [],
    // Children speak over IPC; what they print is progress or trouble, so it joins ours on stderr.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  };
  const child = fork(path.join(__dirname, 'children', `${name}.js`), [], forkOptions);
  names.set(child, name);
  child.stdout?.pipe(process.stderr);
  child.stderr?.pipe(process.stderr);
  return track(child);
}

export interface ChildMessage {
  type: string;
  [key: string]: unknown;
}

/** The next IPC message that matches; rejects when the child exits first or time runs out. */
export function nextMessage<T extends ChildMessage>(
  child: ChildProcess,
  matches: (message: ChildMessage) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildMessage) => {
      if (!matches(message)) return;
      done();
      if (message.type === 'failed') reject(new Error(`${what}: ${String(message.error)}`));
      else resolve(message as T);
    };
    const onExit = (code: number | null, sig: string | null) => {
      done();
      reject(new Error(`${what}: the process exited (${sig ?? `code ${code}`})`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`${what}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    function done() {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

let requestSeq = 0;

/** Sends a request over IPC and waits for the reply carrying the same id (or a failure). */
export async function ask<T extends ChildMessage>(
  child: ChildProcess,
  message: ChildMessage,
  timeoutMs: number,
): Promise<T> {
  const id = ++requestSeq;
  const reply = nextMessage<T>(
    child,
    (m) => m.id === id,
    timeoutMs,
    `${message.type} (${names.get(child) ?? 'child'})`,
  );
  child.send({ ...message, id });
  return reply;
}
