// Another process on the same SQLite file, as an operator's shell or a second tool would be: it takes locks and lets them go on request.
import { spawn, type ChildProcess } from 'node:child_process';

// The child's whole program: it answers each line on stdin with "done" on stdout once the
// statement ran, so a test knows the lock is held before it goes on.
const PROGRAM = `
const Database = require(process.argv[1]);
const db = new Database(process.argv[2], { fileMustExist: true });
db.pragma('busy_timeout = 10000');
let rest = '';
process.stdin.on('data', (chunk) => {
  rest += chunk;
  let end;
  while ((end = rest.indexOf('\\n')) >= 0) {
    const sql = rest.slice(0, end);
    rest = rest.slice(end + 1);
    try {
      db.exec(sql);
      process.stdout.write('done\\n');
    } catch (err) {
      process.stdout.write('failed ' + err.code + '\\n');
    }
  }
});
process.stdin.on('end', () => db.close());
`;

export interface OtherProcess {
  /** Runs SQL there and resolves once it ran (rejects if it failed). */
  exec(sql: string): Promise<void>;
  /** Ends the process; an open transaction is rolled back by SQLite. */
  stop(): Promise<void>;
}

export async function openOtherProcess(dbPath: string): Promise<OtherProcess> {
  const child: ChildProcess = spawn(process.execPath, ['-e', PROGRAM, require.resolve('better-sqlite3'), dbPath], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const answers: Array<(line: string) => void> = [];
  let out = '';
  child.stdout!.on('data', (chunk) => {
    out += chunk;
    let end;
    while ((end = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, end);
      out = out.slice(end + 1);
      answers.shift()?.(line);
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    exec(sql) {
      return new Promise((resolve, reject) => {
        answers.push((line) => (line === 'done' ? resolve() : reject(new Error(`${sql}: ${line}`))));
        child.stdin!.write(`${sql.replace(/\n/g, ' ')}\n`);
      });
    },
    async stop() {
      child.stdin!.end();
      await exited;
    },
  };
}
