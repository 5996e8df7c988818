// Owns progress messages: they go to stderr so stdout carries only the result table.
const startedMs = Date.now();

export function note(message: string): void {
  const seconds = ((Date.now() - startedMs) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${seconds}s] ${message}\n`);
}
