/** The data generator: large data sets for benchmarks, through each module's own `generate`. */
import { RequestContext } from '@mikro-orm/postgresql';
import { demo } from './seed-demo';
import { seedOrder, type DatabaseModule } from './modules';
import { createOrm } from './orm';

export async function generate(url: string, modules: DatabaseModule[], agencyId: string, scale: number, log: (l: string) => void = () => undefined): Promise<void> {
  for (const mod of seedOrder(modules)) {
    if (!mod.generate) continue;
    const orm = await createOrm({ url, entities: mod.entities, poolMax: 2, contextName: `generate:${mod.name}` });
    try {
      const em = orm.em.fork();
      await RequestContext.create(em, () => em.transactional((tx) => mod.generate!({ em: tx, demo, log, agencyId, scale })));
      log(`generated ${mod.name} ×${scale}`);
    } finally {
      await orm.close();
    }
  }
}
