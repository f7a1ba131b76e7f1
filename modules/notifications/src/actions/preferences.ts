/** My notification preferences (`GET/PUT /notifications/preferences`) and the agency's needs-attention threshold. */
import { applyArrayChange, arrayOpsParam, assertVersion, errors, isTimeZone, now as clockNow, setETag, type ActionContext, type ArrayChange, type ModuleAction } from '@audienceos/module-sdk';
import { DEFAULT_ATTENTION_WAIT_HOURS, KIND_LABELS, KINDS, type Kind } from '../constants';
import { mailEnabled } from '../mail';
import { loadPrefs, type Prefs } from '../prefs';

export const MAX_MUTED_CLIENTS = 200;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export interface PreferencesDto {
  kinds: { id: Kind; label: string; inApp: boolean; email: boolean }[];
  mutedClientIds: string[];
  /** Local `HH:MM` in `timeZone` (else the agency's zone); no email goes out between them (it is held until the end). */
  quietHours: { start: string; end: string } | null;
  timeZone: string | null;
  /** One mail a day at `digestHour` (local) instead of one mail per notification. */
  digest: boolean;
  digestHour: number;
  /** Whether the server can send email at all (SMTP configured). */
  emailAvailable: boolean;
  version: number;
}

export const prefsDto = (p: Prefs): PreferencesDto => ({
  kinds: KINDS.map((k) => ({ id: k, label: KIND_LABELS[k], ...p.channels[k] })),
  mutedClientIds: p.mutedClientIds,
  quietHours: p.quietHours,
  timeZone: p.timeZone,
  digest: p.digest,
  digestHour: p.digestHour,
  emailAvailable: mailEnabled(),
  version: p.version,
});

const channelRule = {
  type: 'object',
  optional: true,
  strict: true,
  props: { inApp: { type: 'boolean', optional: true }, email: { type: 'boolean', optional: true } },
} as const;

interface PutParams {
  kinds?: Partial<Record<Kind, { inApp?: boolean; email?: boolean }>>;
  mutedClientIds?: ArrayChange<string>;
  quietHours?: { start: string; end: string } | null;
  timeZone?: string | null;
  digest?: boolean;
  digestHour?: number;
}

export const preferenceActions: Record<string, ModuleAction> = {
  preferences: {
    rest: 'GET /preferences',
    summary: 'My preferences: per kind in-app/email, muted clients, quiet hours, digest (`ETag`: the version)',
    async handler(ctx) {
      const p = (await loadPrefs(ctx, [ctx.user.id])).get(ctx.user.id)!;
      setETag(ctx, p.version);
      return prefsDto(p);
    },
  },

  setPreferences: {
    rest: 'PUT /preferences',
    summary:
      'Change my preferences (only the given fields). `kinds: { assigned: { email: false } }`; `mutedClientIds` takes the list or `{ add, remove }`; `quietHours: { start: "22:00", end: "07:00" }` or null; `If-Match` refuses a stale edit (412)',
    params: {
      kinds: { type: 'object', optional: true, strict: true, props: Object.fromEntries(KINDS.map((k) => [k, channelRule])) },
      mutedClientIds: arrayOpsParam({ type: 'uuid' }, MAX_MUTED_CLIENTS),
      quietHours: {
        type: 'object',
        optional: true,
        nullable: true,
        strict: true,
        props: { start: { type: 'string', pattern: HHMM, messages: { stringPattern: 'Use HH:MM, e.g. 22:00' } }, end: { type: 'string', pattern: HHMM, messages: { stringPattern: 'Use HH:MM, e.g. 07:00' } } },
      },
      timeZone: { type: 'string', max: 64, optional: true, nullable: true },
      digest: { type: 'boolean', optional: true },
      digestHour: { type: 'number', integer: true, min: 0, max: 23, optional: true },
    },
    async handler(ctx: ActionContext<PutParams>) {
      const p = ctx.params;
      if (p.timeZone && !isTimeZone(p.timeZone)) throw errors.invalid({ field: 'timeZone', message: 'Choose a time zone such as Europe/Paris', type: 'timeZone' });
      if (p.quietHours && p.quietHours.start === p.quietHours.end) {
        throw errors.invalid({ field: 'quietHours.end', message: 'Quiet hours need an end different from the start', type: 'quietHours' });
      }
      await ctx.db.sql(`insert into notifications.preference (agency_id, user_id, version) values ($agency, ?, 0) on conflict do nothing`, [ctx.user.id]);
      const current = (await loadPrefs(ctx, [ctx.user.id], true)).get(ctx.user.id)!;
      await assertVersion(ctx, current.version, () => prefsDto(current));
      const channels = { ...current.channels };
      for (const [k, v] of Object.entries(p.kinds ?? {}) as [Kind, { inApp?: boolean; email?: boolean }][]) channels[k] = { ...channels[k], ...v };
      const muted = p.mutedClientIds !== undefined ? applyArrayChange(current.mutedClientIds, p.mutedClientIds, 'mutedClientIds', MAX_MUTED_CLIENTS).map((x) => x.toLowerCase()) : current.mutedClientIds;
      const quiet = p.quietHours === undefined ? current.quietHours : p.quietHours;
      await ctx.db.sql(
        `update notifications.preference set channels = ?::jsonb, muted_client_ids = ?::jsonb, quiet_start = ?, quiet_end = ?, time_zone = ?, digest = ?, digest_hour = ?,
           version = version + 1, updated_at = ? where agency_id = $agency and user_id = ?`,
        [
          JSON.stringify(channels),
          JSON.stringify([...new Set(muted)]),
          quiet?.start ?? null,
          quiet?.end ?? null,
          p.timeZone === undefined ? current.timeZone : p.timeZone,
          p.digest ?? current.digest,
          p.digestHour ?? current.digestHour,
          clockNow(),
          ctx.user.id,
        ],
      );
      const next = (await loadPrefs(ctx, [ctx.user.id])).get(ctx.user.id)!;
      setETag(ctx, next.version);
      return prefsDto(next);
    },
  },

  agencySettings: {
    rest: 'GET /agency-settings',
    summary: "The agency's needs-attention rules: `{ attentionWaitHours }` (a conversation waiting this many business hours is listed)",
    async handler(ctx) {
      const rows = await ctx.db.sql<{ attention_wait_hours: number; version: number }>(`select attention_wait_hours, version from notifications.agency_setting where agency_id = $agency`);
      setETag(ctx, rows[0]?.version ?? 0);
      return { attentionWaitHours: rows[0]?.attention_wait_hours ?? DEFAULT_ATTENTION_WAIT_HOURS, version: rows[0]?.version ?? 0 };
    },
  },

  setAgencySettings: {
    rest: 'PUT /agency-settings',
    summary: 'Change the needs-attention waiting threshold (owners and admins), 1–168 business hours',
    permissions: ['notifications:manage'],
    params: { attentionWaitHours: { type: 'number', integer: true, min: 1, max: 168 } },
    async handler(ctx: ActionContext<{ attentionWaitHours: number }>) {
      await ctx.db.sql(`insert into notifications.agency_setting (agency_id, version) values ($agency, 0) on conflict do nothing`);
      const rows = await ctx.db.sql<{ attention_wait_hours: number; version: number }>(`select attention_wait_hours, version from notifications.agency_setting where agency_id = $agency for update`);
      await assertVersion(ctx, rows[0]!.version, () => ({ attentionWaitHours: rows[0]!.attention_wait_hours, version: rows[0]!.version }));
      const out = await ctx.db.sql<{ attention_wait_hours: number; version: number }>(
        `update notifications.agency_setting set attention_wait_hours = ?, version = version + 1, updated_at = ? where agency_id = $agency returning attention_wait_hours, version`,
        [ctx.params.attentionWaitHours, clockNow()],
      );
      setETag(ctx, out[0]!.version);
      return { attentionWaitHours: out[0]!.attention_wait_hours, version: out[0]!.version };
    },
  },
};
