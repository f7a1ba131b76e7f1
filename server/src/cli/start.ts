/**
 * `npm start`: the whole product in one process on embedded defaults — every enabled module
 * on one broker, the gateway, the embedded PostgreSQL (migrated and seeded on first start),
 * the shell and remotes served from their builds.
 */
import { demo, stopDatabase, usingEmbedded } from '@audienceos/db';
import { startApp, stopOnSignals } from '../app';

async function main(): Promise<void> {
  const started = Date.now();
  const app = await startApp({ gateway: true, seed: true, logLevel: (process.env.LOG_LEVEL as 'info') ?? 'warn' });
  stopOnSignals(app);
  const logins = demo.agencies.flatMap((a) => a.users.map((u) => `    ${u.email.padEnd(32)} ${u.role.padEnd(8)} ${a.name}`));
  console.log(
    [
      '',
      `  AudienceOS Command Center is running at ${app.url}   (started in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      `  Modules: ${app.modules.join(', ')}`,
      `  Database: ${usingEmbedded() ? 'embedded PostgreSQL in .data/pg' : 'DATABASE_URL'}; API docs: ${app.url}/api/docs`,
      '',
      `  Demo logins (password: ${demo.password()}):`,
      ...logins,
      '',
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch(async (err) => {
  console.error(err instanceof Error ? err.message : err);
  await stopDatabase().catch(() => undefined);
  process.exit(1);
});
