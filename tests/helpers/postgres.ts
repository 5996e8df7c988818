// A fresh PostgreSQL database per test on the server the test run started (see global-setup.js), dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The URL of the run's PostgreSQL server; its absence is an error, never a reason to skip. */
export function testServerUrl(): string {
  const url = process.env.PARLEY_TEST_DATABASE_URL;
  if (url === undefined || url === '') {
    throw new Error(
      'PARLEY_TEST_DATABASE_URL is not set: run the tests with "npm test" (or jest), whose setup starts PostgreSQL.',
    );
  }
  return url;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database with a random name on the test server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = testServerUrl();
  const name = `parley_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
