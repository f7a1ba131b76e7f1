/**
 * Tenant scoping by construction: handlers reach tenant data through `ctx.db`, whose every
 * query is ANDed with the caller's agency and whose every create is stamped with it. An
 * unknown id and another agency's id are indistinguishable (both 404).
 */
import { LockMode, type EntityManager, type EntityName, type FilterQuery, type FindOptions, type CountOptions, type RequiredEntityData } from '@mikro-orm/postgresql';
import { errors } from './errors';

type Loose<T> = FilterQuery<T> | Record<string, unknown>;

export class TenantScope {
  constructor(
    readonly em: EntityManager,
    readonly agencyId: string,
  ) {}

  where<T>(where: Loose<T> = {}): FilterQuery<T> {
    return { $and: [where, { agencyId: this.agencyId }] } as unknown as FilterQuery<T>;
  }

  find<T extends object, P extends string = never>(entity: EntityName<T>, where: Loose<T> = {}, options?: FindOptions<T, P>) {
    return this.em.find(entity, this.where(where), options);
  }

  findOne<T extends object>(entity: EntityName<T>, where: Loose<T>) {
    return this.em.findOne(entity, this.where(where));
  }

  count<T extends object>(entity: EntityName<T>, where: Loose<T> = {}, options?: CountOptions<T>) {
    return this.em.count(entity, this.where(where), options);
  }

  /** The row with this id in the caller's agency, or a 404 named after the entity. */
  async get<T extends object>(entity: EntityName<T>, id: string, label?: string, options: { lock?: boolean } = {}): Promise<T> {
    // `lock`: SELECT … FOR UPDATE, for read-modify-write inside a mutation (e.g. a stage move).
    const found = await this.em.findOne(entity, this.where<T>({ id } as Loose<T>), options.lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
    if (!found) throw errors.notFound(label ?? entityLabel(entity as EntityName<unknown>), id);
    return found;
  }

  /** Create (and persist) a row stamped with the caller's agency. */
  create<T extends object>(entity: EntityName<T>, data: Omit<RequiredEntityData<T>, 'agencyId'>): T {
    const row = this.em.create(entity, { ...data, agencyId: this.agencyId } as unknown as RequiredEntityData<T>);
    this.em.persist(row);
    return row;
  }

  /**
   * Raw SQL inside the call's transaction. `?` placeholders take `params` in order; the token
   * `$agency` is bound to the caller's agency wherever it appears.
   */
  sql<R = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<R[]> {
    let next = 0;
    const values = (query.match(/\$agency\b|\?/g) ?? []).map((token) => (token === '?' ? params[next++] : this.agencyId));
    const sql = query.replace(/\$agency\b/g, '?');
    return this.em.getConnection().execute(sql, values, 'all', this.em.getTransactionContext()) as Promise<R[]>;
  }
}

function entityLabel(entity: EntityName<unknown>): string {
  if (typeof entity === 'string') return entity;
  const named = entity as { name?: string; meta?: { className?: string } };
  return named.meta?.className ?? named.name ?? 'Record';
}
