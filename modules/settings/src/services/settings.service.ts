/**
 * The agency's settings: its profile, each user's own preferences, and the modules the agency
 * has switched on. Other domains' configuration (stages, SLA policy…) stays in their modules
 * and is edited through their APIs; this service only talks to identity over the broker, to
 * keep the agency's name in one place.
 */
import {
  announce,
  assertVersion,
  contentVersion,
  defineService,
  errors,
  LockMode,
  PROFILE_CHANGED_EVENT,
  setETag,
  type ActionContext,
  type AgencyTime,
  type FieldError,
} from '@audienceos/module-sdk';
import { liveModules, moduleDto, REQUIRED_MODULES, type RegistryReader } from '../domain/modules';
import { preferenceParams, preferencesDto, type PreferencePatch } from '../domain/preferences';
import { checkProfile, DEFAULT_PROFILE, profileDto, profileParams, type ProfilePatch } from '../domain/profile';
import { AgencyProfileSchema, DisabledModuleSchema, UserPreferenceSchema, type AgencyProfile, type BusinessHours, type UserPreference } from '../entities';

/** Identity's name for the agency (the source of truth for the display name), or null when identity cannot answer. */
async function agencyName(ctx: ActionContext): Promise<string | null> {
  try {
    const agency = (await ctx.call('agency.current', {}, { timeout: 2000 })) as { name?: string };
    return agency?.name ?? null;
  } catch {
    return null;
  }
}

/**
 * The profile's version: a hash of the stored profile (the `ETag` that `PATCH /profile` with
 * `If-Match` must name; 412 when someone saved the profile meanwhile). Set as `ETag`.
 */
function profileVersion(ctx: ActionContext, row: AgencyProfile | null): string {
  const version = contentVersion(profileDto(row, row?.displayName ?? null));
  setETag(ctx, version);
  return version;
}

/**
 * The caller's preferences' version: a hash of what GET answers (the defaults when there is no
 * row; `updatedAt` makes every save a new one; per user). Set as `ETag`; `PATCH /preferences` with a
 * stale `If-Match` is 412 with `data.current`.
 */
function preferencesVersion(ctx: ActionContext, row: UserPreference | null): string {
  const version = contentVersion({ userId: ctx.user.id, ...preferencesDto(row) });
  setETag(ctx, version);
  return version;
}

async function disabledSet(ctx: ActionContext): Promise<Set<string>> {
  const rows = await ctx.db.find(DisabledModuleSchema, {});
  return new Set(rows.map((r) => r.module));
}

function modulesAnswer(ctx: ActionContext, disabled: Set<string>) {
  return { items: liveModules(ctx.broker as unknown as RegistryReader).map((m) => moduleDto(m, disabled)) };
}

export const settingsService = defineService({
  name: 'settings',
  settings: { rest: '/settings' },
  actions: {
    profile: {
      rest: 'GET /profile',
      summary: "The agency's profile: display name, time zone, business hours, logo and default currency",
      permissions: ['settings:read'],
      async handler(ctx: ActionContext) {
        const row = await ctx.db.findOne(AgencyProfileSchema, {});
        const dto = { ...profileDto(row, row?.displayName ?? null), version: profileVersion(ctx, row) };
        const live = await agencyName(ctx);
        return live ? { ...dto, displayName: live } : dto;
      },
    },
    updateProfile: {
      rest: 'PATCH /profile',
      summary: 'Change some profile fields; a new display name also renames the agency (identity)',
      permissions: ['settings:manage'],
      params: profileParams,
      async handler(ctx: ActionContext<ProfilePatch>) {
        const patch = ctx.params;
        checkProfile(patch);
        // Locked: concurrent saves queue, so If-Match compares with the latest saved profile.
        let row = await ctx.em.findOne(AgencyProfileSchema, ctx.db.where({}), { lockMode: LockMode.PESSIMISTIC_WRITE });
        const current = row;
        await assertVersion(ctx, profileVersion(ctx, current), () => ({ ...profileDto(current, current?.displayName ?? null), version: profileVersion(ctx, current) }));
        if (!row) {
          row = ctx.db.create(AgencyProfileSchema, {
            displayName: null,
            timezone: DEFAULT_PROFILE.timezone,
            businessHours: { ...DEFAULT_PROFILE.businessHours },
            holidays: [],
            slaPauseWhileWaiting: DEFAULT_PROFILE.slaPauseWhileWaiting,
            logoUrl: null,
            defaultCurrency: DEFAULT_PROFILE.defaultCurrency,
            updatedBy: null,
            updatedAt: new Date(),
          });
        }
        if (patch.timezone !== undefined) row.timezone = patch.timezone;
        if (patch.defaultCurrency !== undefined) row.defaultCurrency = patch.defaultCurrency;
        if (patch.logoUrl !== undefined) row.logoUrl = patch.logoUrl;
        if (patch.holidays !== undefined) row.holidays = [...new Set(patch.holidays)].sort();
        if (patch.slaPauseWhileWaiting !== undefined) row.slaPauseWhileWaiting = patch.slaPauseWhileWaiting;
        if (patch.businessHours !== undefined) row.businessHours = { ...DEFAULT_PROFILE.businessHours, ...row.businessHours, ...patch.businessHours } as BusinessHours;
        row.updatedBy = ctx.user.id;
        row.updatedAt = new Date();
        let name: string | null = null;
        if (patch.displayName !== undefined) {
          // Last, after every check: identity commits the rename in its own transaction.
          const renamed = (await ctx.call('agency.rename', { name: patch.displayName }, { timeout: 5000 })) as { name: string };
          name = renamed.name;
          row.displayName = name;
        }
        await ctx.em.flush();
        // Plain event: every process drops its cached copy (SDK agencyTime); a missed one expires in 30 s.
        ctx.broker.broadcast(PROFILE_CHANGED_EVENT, { agencyId: ctx.user.agencyId });
        // Live notice (issue 13): open screens reload the profile (zone, hours, name).
        announce(ctx, { entity: 'profile', id: ctx.user.agencyId, op: 'updated' });
        return { ...profileDto(row, name ?? (await agencyName(ctx)) ?? row.displayName), version: profileVersion(ctx, row) };
      },
    },
    agencyTime: {
      summary: "For other modules (SDK agencyTime): the agency's zone, business hours, holidays and SLA pause rule",
      mutation: false,
      async handler(ctx: ActionContext): Promise<AgencyTime> {
        const dto = profileDto(await ctx.db.findOne(AgencyProfileSchema, {}), null);
        return { zone: dto.timezone, businessHours: dto.businessHours, holidays: dto.holidays, slaPauseWhileWaiting: dto.slaPauseWhileWaiting };
      },
    },
    preferences: {
      rest: 'GET /preferences',
      summary: "The caller's own preferences: theme, notification choices, landing module",
      permissions: ['settings:read'],
      async handler(ctx: ActionContext) {
        const row = await ctx.db.findOne(UserPreferenceSchema, { userId: ctx.user.id });
        return { ...preferencesDto(row), version: preferencesVersion(ctx, row) };
      },
    },
    updatePreferences: {
      rest: 'PATCH /preferences',
      summary: "Change the caller's own preferences (notification choices merge); with If-Match, 412 when another tab saved them meanwhile",
      permissions: ['settings:read'],
      params: preferenceParams,
      async handler(ctx: ActionContext<PreferencePatch>) {
        const patch = ctx.params;
        if (patch.landingModule) {
          const disabled = await disabledSet(ctx);
          const candidate = liveModules(ctx.broker as unknown as RegistryReader).find((m) => m.module === patch.landingModule);
          if (!candidate?.ui || disabled.has(candidate.module)) {
            throw errors.invalid({ field: 'landingModule', message: `'${patch.landingModule}' is not a module with a screen that is on for your agency`, type: 'module', actual: patch.landingModule });
          }
        }
        // Locked: two tabs saving at once queue, so If-Match compares with the latest save.
        let row = await ctx.em.findOne(UserPreferenceSchema, ctx.db.where<UserPreference>({ userId: ctx.user.id }), { lockMode: LockMode.PESSIMISTIC_WRITE });
        const current = row;
        await assertVersion(ctx, preferencesVersion(ctx, current), () => ({ ...preferencesDto(current), version: preferencesVersion(ctx, current) }));
        if (!row) {
          const fresh = preferencesDto(null);
          row = ctx.db.create(UserPreferenceSchema, { userId: ctx.user.id, theme: fresh.theme, notifications: fresh.notifications, landingModule: null, updatedAt: new Date() });
        }
        if (patch.theme !== undefined) row.theme = patch.theme;
        if (patch.notifications !== undefined) row.notifications = { ...preferencesDto(row).notifications, ...patch.notifications };
        if (patch.landingModule !== undefined) row.landingModule = patch.landingModule;
        row.updatedAt = new Date();
        return { ...preferencesDto(row), version: preferencesVersion(ctx, row) };
      },
    },
    modules: {
      rest: 'GET /modules',
      summary: 'Every module that is up, and whether the agency has it switched on',
      permissions: ['settings:read'],
      async handler(ctx: ActionContext) {
        return modulesAnswer(ctx, await disabledSet(ctx));
      },
    },
    setModules: {
      rest: 'PUT /modules',
      summary: 'Switch modules off for the agency (every module that is up and not listed is on). Identity and settings stay on',
      permissions: ['settings:manage'],
      params: { disabled: { type: 'array', max: 100, unique: true, items: { type: 'string', min: 1, max: 60 } } },
      async handler(ctx: ActionContext<{ disabled: string[] }>) {
        const live = new Set(liveModules(ctx.broker as unknown as RegistryReader).map((m) => m.module));
        const problems: FieldError[] = [];
        ctx.params.disabled.forEach((name, i) => {
          if (REQUIRED_MODULES.includes(name)) problems.push({ field: `disabled[${i}]`, message: `The ${name} module cannot be switched off`, type: 'required', actual: name });
          else if (!live.has(name)) problems.push({ field: `disabled[${i}]`, message: `No module named '${name}' is running`, type: 'unknownModule', actual: name });
        });
        if (problems.length) throw errors.invalid(problems);

        // Rows for modules that are down stay as they are: they cannot be seen (or switched) now.
        const wanted = new Set(ctx.params.disabled);
        const rows = await ctx.db.find(DisabledModuleSchema, {});
        const have = new Set(rows.map((r) => r.module));
        for (const row of rows) if (live.has(row.module) && !wanted.has(row.module)) ctx.em.remove(row);
        for (const name of wanted) if (!have.has(name)) ctx.db.create(DisabledModuleSchema, { module: name, disabledBy: ctx.user.id, disabledAt: new Date() });
        await ctx.em.flush();
        const disabled = new Set([...rows.filter((r) => !live.has(r.module)).map((r) => r.module), ...wanted]);
        // Live update for shells (plain event: a missed one only delays a refresh).
        ctx.broker.broadcast('settings.modulesChanged', { agencyId: ctx.user.agencyId, disabled: [...disabled].sort() });
        return modulesAnswer(ctx, disabled);
      },
    },
    enabledModules: {
      summary: "For the gateway's module list: the caller's agency's modules that are on (null: all of them)",
      mutation: false,
      async handler(ctx: ActionContext) {
        const disabled = await disabledSet(ctx);
        if (disabled.size === 0) return { modules: null };
        return { modules: liveModules(ctx.broker as unknown as RegistryReader).map((m) => m.module).filter((m) => !disabled.has(m)) };
      },
    },
  },
});
