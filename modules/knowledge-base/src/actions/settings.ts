/** Categories (built-in plus the agency's own), the search language, and KPI figures. */
import { errors, type ModuleAction } from '@audienceos/module-sdk';
import { BUILTIN_CATEGORIES, LANGUAGES } from '../constants';

export const categoriesAction: ModuleAction = {
  rest: 'GET /categories',
  summary: 'Every category with its number of live documents visible to everyone (built-in first)',
  permissions: ['documents:read'],
  params: {},
  async handler(ctx) {
    const own = await ctx.db.sql<{ slug: string; label: string }>('select slug, label from knowledge_base.category where agency_id = $agency order by label');
    const label = (slug: string) => slug.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
    return {
      items: [...BUILTIN_CATEGORIES.map((slug) => ({ slug, label: label(slug), builtIn: true })), ...own.map((c) => ({ slug: c.slug, label: c.label, builtIn: false }))],
    };
  },
};

export const addCategoryAction: ModuleAction<{ label: string }> = {
  rest: 'POST /categories',
  summary: 'Add a category (its slug is made from the label)',
  permissions: ['documents:write'],
  params: { label: { type: 'string', min: 2, max: 40, trim: true } },
  async handler(ctx) {
    const slug = ctx.params.label
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    if (!slug) throw errors.invalid({ field: 'label', message: 'The label needs letters or digits', type: 'string' });
    if ((BUILTIN_CATEGORIES as readonly string[]).includes(slug)) throw errors.conflict('This category exists', 'CATEGORY_EXISTS', { slug });
    const added = await ctx.db.sql('insert into knowledge_base.category (agency_id, slug, label) values ($agency, ?, ?) on conflict do nothing returning slug', [slug, ctx.params.label]);
    if (!added.length) throw errors.conflict('This category exists', 'CATEGORY_EXISTS', { slug });
    ctx.meta.$statusCode = 201;
    return { slug, label: ctx.params.label, builtIn: false };
  },
};

export const getSettingsAction: ModuleAction = {
  rest: 'GET /settings',
  permissions: ['documents:read'],
  params: {},
  async handler(ctx) {
    const [row] = await ctx.db.sql<{ language: string }>('select language::text as language from knowledge_base.agency_setting where agency_id = $agency');
    return { language: row?.language ?? 'english', languages: [...LANGUAGES] };
  },
};

export const putSettingsAction: ModuleAction<{ language: string }> = {
  rest: 'PUT /settings',
  summary: "The text-search language (stemming, stop words); every document's index is rebuilt in it",
  permissions: ['documents:manage'],
  params: { language: { type: 'enum', values: [...LANGUAGES] } },
  async handler(ctx) {
    await ctx.db.sql(
      'insert into knowledge_base.agency_setting (agency_id, language) values ($agency, ?::regconfig) on conflict (agency_id) do update set language = excluded.language',
      [ctx.params.language],
    );
    await ctx.db.sql('update knowledge_base.document set language = ?::regconfig where agency_id = $agency', [ctx.params.language]);
    return { language: ctx.params.language, languages: [...LANGUAGES] };
  },
};

export const KPIS = {
  'documents-added': { label: 'Documents added', unit: 'count', link: '/knowledge-base' },
  'no-result-searches': { label: 'Searches with no result', unit: 'count', lowerIsBetter: true, link: '/knowledge-base/gaps' },
} as const;

const DAY_MS = 86_400_000;

export const kpiAction: ModuleAction<{ id: keyof typeof KPIS; from?: string; to?: string }> = {
  summary: 'One KPI figure over [from, to) with a daily series',
  permissions: ['documents:read'],
  mutation: false,
  params: {
    id: { type: 'enum', values: Object.keys(KPIS) },
    from: { type: 'string', max: 40, optional: true },
    to: { type: 'string', max: 40, optional: true },
  },
  async handler(ctx) {
    const to = ctx.params.to ? new Date(ctx.params.to) : new Date();
    const from = ctx.params.from ? new Date(ctx.params.from) : new Date(to.getTime() - 30 * DAY_MS);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to) {
      throw errors.invalid({ field: 'from', message: 'from and to must be dates with from before to', type: 'range' });
    }
    const table = ctx.params.id === 'documents-added' ? 'knowledge_base.document' : 'knowledge_base.search_miss';
    const step = to.getTime() - from.getTime() > 92 * DAY_MS ? '7 days' : '1 day';
    const rows = await ctx.db.sql<{ bucket: Date; value: number }>(
      `select b.bucket, (select count(*)::int from ${table} t where t.agency_id = $agency and t.created_at >= b.bucket and t.created_at < least(b.bucket + ?::interval, ?::timestamptz)) as value
         from generate_series(?::timestamptz, ?::timestamptz - interval '1 microsecond', ?::interval) b(bucket) order by b.bucket`,
      [step, to.toISOString(), from.toISOString(), to.toISOString(), step],
    );
    const series = rows.map((r) => ({ date: new Date(r.bucket).toISOString().slice(0, 10), value: Number(r.value) }));
    return { value: series.reduce((s, r) => s + r.value, 0), series, link: KPIS[ctx.params.id].link };
  },
};
