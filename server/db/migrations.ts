// Owns the migration files: reading migrations/<engine>/NNNN_name.sql in order, and refusing a schema newer than the code. Engine-neutral.
import fs from 'node:fs';
import path from 'node:path';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export interface MigrationResult {
  applied: Migration[];
  schemaVersion: number;
}

export class SchemaTooNewError extends Error {
  constructor(
    readonly databaseVersion: number,
    readonly codeVersion: number,
  ) {
    super(
      `The database is at schema version ${databaseVersion}, but this Parley only knows up to ${codeVersion}. ` +
        'Refusing to start: upgrade Parley, or restore a backup made for this version.',
    );
    this.name = 'SchemaTooNewError';
  }
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export function readMigrations(dir: string): Migration[] {
  const migrations = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = FILE_PATTERN.exec(file);
      if (!match) throw new Error(`Migration file name "${file}" must look like 0001_some_name.sql`);
      return { version: Number(match[1]), name: match[2], sql: fs.readFileSync(path.join(dir, file), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`Migrations must be numbered 1, 2, 3... without gaps; found ${m.version} at position ${i + 1}`);
  });
  return migrations;
}
