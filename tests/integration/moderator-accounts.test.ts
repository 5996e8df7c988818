import { spawn } from 'node:child_process';
import path from 'node:path';
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST } from '../helpers/admin';
import { startTestServer, type TestServer } from '../helpers/server';
import { PATHS } from '../../server/paths';

let server: TestServer;
let now = Date.UTC(2026, 10, 1);
const clock = { now: () => now };

beforeAll(async () => {
  server = await startTestServer({}, { passwordCostLog2: TEST_PASSWORD_COST, clock });
  await createModeratorAccount(server.dbPath, { email: 'mod@example.com', password: 'right password here' });
});

afterAll(async () => {
  await server.close();
});

function login(email: string, password: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/admin/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
}

describe('logging in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie that expires', async () => {
    const res = await login('MOD@example.com', 'right password here');
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^parley_admin=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Max-Age=43200/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('gives the same answer for a wrong email and a wrong password', async () => {
    const a = await login('nobody@example.com', 'whatever password');
    const b = await login('mod@example.com', 'wrong password!!');
    expect(a.status).toBe(401);
    expect(await a.json()).toEqual(await b.json());
  });

  it('refuses a login posted from another site', async () => {
    const res = await login('mod@example.com', 'right password here', { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });

  it('logging out ends the session on the server', async () => {
    const session = await loginAsModerator(server.url, 'mod@example.com', 'right password here');
    expect((await session.call('GET', '/session')).status).toBe(200);
    expect((await session.call('POST', '/logout')).status).toBe(204);
    expect((await session.call('GET', '/session')).status).toBe(401);
  });

  it('a session expires after twelve hours', async () => {
    const session = await loginAsModerator(server.url, 'mod@example.com', 'right password here');
    now += 12 * 60 * 60_000 + 1;
    expect((await session.call('GET', '/queues/counts')).json.error.code).toBe('UNAUTHENTICATED');
  });

  it('repeated failures are slowed, then locked out, even for the right password', async () => {
    await createModeratorAccount(server.dbPath, { email: 'target@example.com', password: 'target password ok' });
    for (let i = 0; i < 5; i++) expect((await login('target@example.com', `wrong ${i} password`)).status).toBe(401);
    const slowed = await login('target@example.com', 'target password ok');
    expect(slowed.status).toBe(429);
    expect((await slowed.json()).error).toMatchObject({ code: 'LOGIN_THROTTLED', details: { retryAfterSeconds: 1 } });
    for (let i = 5; i < 10; i++) {
      now += 60_000;
      expect((await login('target@example.com', `wrong ${i} password`)).status).toBe(401);
    }
    now += 60_000;
    const locked = await login('target@example.com', 'target password ok');
    expect(locked.status).toBe(429);
    expect((await locked.json()).error).toMatchObject({
      code: 'LOGIN_LOCKED',
      details: { retryAfterSeconds: 14 * 60 },
    });
    now += 15 * 60_000;
    expect((await login('target@example.com', 'target password ok')).status).toBe(200);
  });

  it('thirty wrong passwords sent at once are not all tried, and the right one after them is refused', async () => {
    await createModeratorAccount(server.dbPath, { email: 'burst@example.com', password: 'burst password ok' });
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login('burst@example.com', `wrong guess ${i}`)),
    );
    const statuses = answers.map((res) => res.status).sort();
    // The five free attempts are checked; every other one waits its turn like attempts sent one by one.
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(25).fill(429)]);
    const right = await login('burst@example.com', 'burst password ok');
    expect(right.status).toBe(429);
    expect((await right.json()).error.code).toBe('LOGIN_THROTTLED');
  });

  it('failures on one account lock that account only, not others logging in from the same network', async () => {
    await createModeratorAccount(server.dbPath, { email: 'victim@example.com', password: 'victim password ok' });
    await createModeratorAccount(server.dbPath, { email: 'colleague@example.com', password: 'colleague password' });
    for (let i = 0; i < 10; i++) {
      now += 60_000;
      expect((await login('victim@example.com', `wrong ${i} password`)).status).toBe(401);
    }
    const locked = await login('victim@example.com', 'victim password ok');
    expect((await locked.json()).error.code).toBe('LOGIN_LOCKED');
    expect((await login('colleague@example.com', 'colleague password')).status).toBe(200);
  });
});

describe('parley admin', () => {
  const bin = path.join(PATHS.root, 'bin', 'parley.js');
  function run(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [bin, 'admin', ...args], {
        env: { ...process.env, PARLEY_DB_PATH: server.dbPath },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(input);
    });
  }

  it('creates the first admin, lists accounts and resets a password', async () => {
    const created = await run(
      ['create', '--email', 'boss@example.com', '--name', 'The Boss', '--role', 'admin'],
      'boss password 123\n',
    );
    expect(created).toMatchObject({ code: 0 });
    expect(created.stdout).toMatch(/Created admin boss@example.com/);
    const listed = await run(['list'], '');
    expect(listed.stdout).toMatch(/admin\tboss@example.com\tThe Boss/);
    const reset = await run(['reset-password', '--email', 'boss@example.com'], 'a brand new password\n');
    expect(reset.code).toBe(0);
    // The real scrypt cost applies to accounts made from the command line.
    const session = await loginAsModerator(server.url, 'boss@example.com', 'a brand new password');
    expect((await session.call('GET', '/moderators')).status).toBe(200);
  }, 60_000);

  it('lists a locked account as locked, and unlock lets it log in again at once', async () => {
    // The command line reads the real clock: the server's is set to it, so both agree on "locked".
    now = Math.max(now, Date.now());
    await createModeratorAccount(server.dbPath, { email: 'locked@example.com', password: 'locked password ok' });
    for (let i = 0; i < 10; i++) {
      now += 60_000;
      expect((await login('locked@example.com', `wrong ${i} password`)).status).toBe(401);
    }
    expect((await login('locked@example.com', 'locked password ok')).status).toBe(429);
    expect((await run(['list'], '')).stdout).toMatch(/locked@example\.com\tlocked\tlocked until \d{4}-/);
    const unlocked = await run(['unlock', '--email', 'locked@example.com'], '');
    expect(unlocked).toMatchObject({ code: 0 });
    expect(unlocked.stdout).toMatch(/Unlocked locked@example.com/);
    expect((await login('locked@example.com', 'locked password ok')).status).toBe(200);
    expect((await run(['unlock', '--email', 'nobody@example.com'], '')).stderr).toMatch(/No account has the email/);
  }, 60_000);

  it('refuses a short password, a duplicate, and bad arguments with clear errors', async () => {
    const short = await run(['create', '--email', 'x@example.com', '--name', 'X'], 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 12 characters/);
    const dup = await run(['create', '--email', 'mod@example.com', '--name', 'Dup'], 'long enough password\n');
    expect(dup.stderr).toMatch(/already exists/);
    const bad = await run(['create', '--mail', 'y@example.com'], '');
    expect(bad.code).toBe(2);
    expect((await run(['frob'], '')).code).toBe(2);
    expect((await run(['create', '--name', 'No Email'], '')).stderr).toMatch(/--email is required/);
  }, 60_000);
});
