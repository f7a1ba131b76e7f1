/** `npm run db:migrate | db:seed | db:reset` against DATABASE_URL or the embedded server. */
import { resolveDatabaseUrl, stopDatabase } from './database';
import { demo } from './seed-demo';
import { generate } from './generate';
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
    case 'generate': {
      // `npm run db:generate -- 10000`: bulk data for the Chase demo agency (benchmarks).
      const scale = Number(process.argv[3] ?? 1000);
      await prepareDatabase(url, modules, { seed: true, log });
      await generate(url, modules, demo.chase.id, scale, log);
      break;
    }
    default:
      throw new Error(`usage: db <migrate|seed|reset|generate [scale]> (got ${command ?? 'nothing'})`);
  }
  log('done');
}

main(process.argv[2])
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  })
  .finally(() => stopDatabase());
