/**
 * Test databases. The jest global setup migrates and seeds one template database per run;
 * each test file gets its own copy (`CREATE DATABASE … TEMPLATE`, ~0.1 s), so files never see
 * each other's writes and can run in any order.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(serverUrl: string, name: string, template?: string): Promise<string> {
  await admin(serverUrl, (c) => c.query(`create database "${name}"${template ? ` template "${template}"` : ''}`));
  return withDatabase(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await admin(serverUrl, (c) => c.query(`drop database if exists "${name}" with (force)`));
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A private copy of the run's seeded template (env set by the global setup). */
export async function freshDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.AOS_TEST_SERVER_URL;
  const template = process.env.AOS_TEST_TEMPLATE;
  if (!serverUrl || !template) throw new Error('freshDatabase() needs the jest global setup (AOS_TEST_SERVER_URL, AOS_TEST_TEMPLATE)');
  const name = `aos_t_${randomBytes(5).toString('hex')}`;
  const url = await createDatabase(serverUrl, name, template);
  return { url, name, drop: () => dropDatabase(serverUrl, name) };
}
