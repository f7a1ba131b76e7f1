/**
 * Once per `jest` run: pick the PostgreSQL server (DATABASE_URL, else an embedded one under
 * .data/pg-test), and build a template database with every installed module migrated and
 * seeded. Each test file then copies it (`freshDatabase()`), so files are independent.
 */
import { listInstalledModules, loadModule, prepareDatabase, startEmbeddedPostgres } from '@audienceos/db';
import { createDatabase } from '@audienceos/module-sdk/testing';
import path from 'node:path';

declare global {
  var __AOS_EMBEDDED_STOP__: (() => Promise<void>) | undefined;
}

export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const handle = await startEmbeddedPostgres({
      dataDir: process.env.EMBEDDED_PG_TEST_DIR ?? path.join(__dirname, '..', '..', '.data', 'pg-test'),
      port: Number(process.env.EMBEDDED_PG_TEST_PORT ?? 54339),
      database: 'postgres',
    });
    serverUrl = handle.url;
    globalThis.__AOS_EMBEDDED_STOP__ = () => handle.stop();
  }
  const template = `aos_tpl_${Date.now().toString(36)}_${process.pid}`;
  const url = await createDatabase(serverUrl, template);
  // AOS_TEST_MODULES=identity,pipeline narrows the template (faster local runs of one suite).
  const only = process.env.AOS_TEST_MODULES?.split(',').map((s) => s.trim());
  const modules = listInstalledModules()
    .filter((p) => !only || only.includes(p.module))
    .map((p) => loadModule(p));
  await prepareDatabase(url, modules, { seed: true });
  process.env.AOS_TEST_SERVER_URL = serverUrl;
  process.env.AOS_TEST_TEMPLATE = template;
  process.env.AOS_TEST_TEMPLATE_URL = url;
  // Test brokers must not meet a developer's running processes on a shared NATS.
  process.env.BROKER_NAMESPACE ??= `test-${process.pid}`;
}
