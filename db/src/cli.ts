/** `npm run db:migrate | db:seed | db:reset` against DATABASE_URL or the embedded server. */
import { resolveDatabaseUrl, stopDatabase } from './database';
import { loadInstalledModules, prepareDatabase, resetDatabase } from './setup';

async function main(command: string | undefined): Promise<void> {
  const log = (l: string) => console.log(l);
  const url = await resolveDatabaseUrl(log);
  const modules = loadInstalledModules();
  switch (command) {
    case 'migrate':
      await prepareDatabase(url, modules, { seed: false, log });
      break;
    case 'seed':
      await prepareDatabase(url, modules, { seed: true, log });
      break;
    case 'reset':
      await resetDatabase(url, modules);
      log('dropped every module schema');
      await prepareDatabase(url, modules, { seed: true, log });
      break;
    default:
      throw new Error(`usage: db <migrate|seed|reset> (got ${command ?? 'nothing'})`);
  }
  log('done');
}

main(process.argv[2])
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  })
  .finally(() => stopDatabase());
