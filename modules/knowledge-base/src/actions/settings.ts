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
