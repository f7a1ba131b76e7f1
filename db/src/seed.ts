import { RequestContext } from '@mikro-orm/postgresql';
import { demo } from './seed-demo';
import { markSeeded, seededModules } from './migrator';
import { seedOrder, type DatabaseModule } from './modules';
import { createOrm } from './orm';

/** Run each module's seed once per database (recorded in `audienceos.seed`). */
export async function seed(url: string, modules: DatabaseModule[], log: (l: string) => void = () => undefined): Promise<string[]> {
  const done = await seededModules(url);
  const seeded: string[] = [];
  for (const mod of seedOrder(modules)) {
    if (!mod.seed || done.has(mod.name)) continue;
    const orm = await createOrm({ url, entities: mod.entities, poolMax: 2, contextName: `seed:${mod.name}` });
    try {
      const em = orm.em.fork();
      await RequestContext.create(em, () => em.transactional((tx) => mod.seed!({ em: tx, demo, log })));
    } finally {
      await orm.close();
    }
    await markSeeded(url, mod.name);
    log(`seeded ${mod.name}`);
    seeded.push(mod.name);
  }
  return seeded;
}
