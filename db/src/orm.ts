import { MikroORM, type EntitySchema, type Options } from '@mikro-orm/postgresql';

export interface CreateOrmOptions {
  url: string;
  entities: EntitySchema<any, any>[];
  /** Small pools: in the one-process run every module has its own. */
  poolMax?: number;
  debug?: boolean;
  /**
   * MikroORM keys its request and transaction contexts (AsyncLocalStorage) by this name. Every
   * module gets its own, so that a module called in-process from another module's handler
   * never picks up the caller's EntityManager or transaction.
   */
  contextName?: string;
}

/** One MikroORM instance for a module's entities. Never use its global EntityManager: fork. */
export async function createOrm(options: CreateOrmOptions): Promise<MikroORM> {
  const config: Options = {
    clientUrl: options.url,
    contextName: options.contextName ?? 'default',
    entities: options.entities,
    discovery: { warnWhenNoEntities: false },
    pool: { min: 0, max: options.poolMax ?? 5 },
    debug: options.debug ?? false,
    // Handlers get a forked EntityManager each (RequestContext); MikroORM refuses the global
    // one by default, and we keep that default.
    forceUtcTimezone: true,
    ignoreUndefinedInQuery: true,
  };
  return MikroORM.init(config);
}

export { MikroORM };
