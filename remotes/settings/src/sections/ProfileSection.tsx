/**
 * Agency profile: labels above fields, the API's field errors under them, Save bottom-right,
 * Enter submits, Esc puts the saved values back. A new display name renames the agency
 * (identity), so the sidebar's agency name follows.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import {
  appStore,
  Button,
  changedFields,
  ConflictNotice,
  conflictOf,
  dateFormat,
  ErrorState,
  Field,
  Input,
  profileAtom,
  setAgencyZone,
  SkeletonText,
  toast,
  useCan,
  useMutation,
  useQuery,
  type Conflict,
} from '@audienceos/remote-sdk';
import { settingsApi, type BusinessHours, type Profile, type Weekday } from '../api';
import { escapeCancels } from '../shared/form-keys';
import { ReadOnlyNote, Section } from '../shared/Section';

const DAYS: { key: Weekday; label: string }[] = [
  { key: 'mon', label: 'Monday' },
  { key: 'tue', label: 'Tuesday' },
  { key: 'wed', label: 'Wednesday' },
  { key: 'thu', label: 'Thursday' },
  { key: 'fri', label: 'Friday' },
  { key: 'sat', label: 'Saturday' },
  { key: 'sun', label: 'Sunday' },
];
const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'NZD', 'CHF', 'SEK', 'NOK', 'DKK', 'JPY', 'INR', 'BRL', 'MXN', 'ZAR', 'SGD'];

type Draft = Omit<Profile, 'updatedAt' | 'logoUrl'> & { logoUrl: string };

const toDraft = (p: Profile): Draft => ({ ...p, logoUrl: p.logoUrl ?? '', businessHours: { ...p.businessHours }, holidays: [...p.holidays] });

function timezones(): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

/** Only what changed goes to the API (a PATCH). */
function changes(saved: Profile, draft: Draft): Partial<Omit<Profile, 'updatedAt'>> {
  const out: Partial<Omit<Profile, 'updatedAt'>> = {};
  if (draft.displayName.trim() !== saved.displayName) out.displayName = draft.displayName.trim();
  if (draft.timezone !== saved.timezone) out.timezone = draft.timezone.trim();
  if (draft.defaultCurrency !== saved.defaultCurrency) out.defaultCurrency = draft.defaultCurrency.trim().toUpperCase();
  const logo = draft.logoUrl.trim() || null;
  if (logo !== saved.logoUrl) out.logoUrl = logo;
  const hours: Partial<BusinessHours> = {};
  for (const { key } of DAYS) if (JSON.stringify(draft.businessHours[key]) !== JSON.stringify(saved.businessHours[key])) hours[key] = draft.businessHours[key];
  if (Object.keys(hours).length) out.businessHours = hours as BusinessHours;
  if (JSON.stringify([...draft.holidays].sort()) !== JSON.stringify(saved.holidays)) out.holidays = [...draft.holidays].sort();
  if (draft.slaPauseWhileWaiting !== saved.slaPauseWhileWaiting) out.slaPauseWhileWaiting = draft.slaPauseWhileWaiting;
  return out;
}

type ProfilePatch = Partial<Omit<Profile, 'updatedAt' | 'version'>>;

/** What a conflict notice lists when someone else saved them (in this order). */
const CONFLICT_FIELDS = {
  displayName: 'Display name',
  timezone: 'Time zone',
  businessHours: 'Business hours',
  holidays: 'Holidays',
  slaPauseWhileWaiting: 'SLA pause while waiting on the client',
  logoUrl: 'Logo',
  defaultCurrency: 'Default currency',
} as const;

const conflictValue = (field: string, value: unknown): string => {
  if (field === 'businessHours') return 'changed';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'none';
  return value === null || value === undefined || value === '' ? '—' : String(value);
};

export function ProfileSection() {
  const canManage = useCan('settings:manage');
  const query = useQuery((signal) => settingsApi.profile(signal), []);
  const [draft, setDraft] = useState<Draft | null>(null);
  const zones = useMemo(timezones, []);
  const [newHoliday, setNewHoliday] = useState('');

  useEffect(() => {
    if (query.data) setDraft(toDraft(query.data));
  }, [query.data]);

  // A save sends the version it loaded; a 412 keeps the draft and offers Reload / Overwrite.
  const [conflict, setConflict] = useState<(Conflict<Profile> & { patch: ProfilePatch }) | null>(null);
  const save = useMutation((v: { patch: ProfilePatch; version?: string }) => settingsApi.updateProfile(v.patch, v.version), {
    onError: (error, v) => {
      const newer = conflictOf<Profile>(error);
      if (newer) setConflict({ ...newer, patch: v.patch });
    },
    onSuccess: (saved, { patch }) => {
      setConflict(null);
      query.setData(saved);
      if (patch.displayName) appStore.set(profileAtom, (me) => (me ? { ...me, agency: { ...me.agency, name: saved.displayName } } : me));
      // Every date on screen follows the new zone at once.
      if (patch.timezone) setAgencyZone(saved.timezone);
      toast.success('Agency profile saved');
    },
  });

  if (query.error && !query.data) return <ErrorState title="Could not load the agency profile" error={query.error} onRetry={query.reload} />;

  const saved = query.data;
  const dirty = saved && draft ? Object.keys(changes(saved, draft)).length > 0 : false;
  const cancel = () => {
    if (saved) setDraft(toDraft(saved));
    save.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!saved || !draft || !canManage) return;
    const patch = changes(saved, draft);
    if (Object.keys(patch).length) void save.mutate({ patch, version: saved.version });
  };
  const errors = save.fieldErrors;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => (d ? { ...d, [key]: value } : d));
  const setDay = (day: Weekday, value: BusinessHours[Weekday]) => setDraft((d) => (d ? { ...d, businessHours: { ...d.businessHours, [day]: value } } : d));
  const addHoliday = () => {
    if (!newHoliday) return;
    setDraft((d) => (d && !d.holidays.includes(newHoliday) ? { ...d, holidays: [...d.holidays, newHoliday].sort() } : d));
    setNewHoliday('');
  };
  const holidayError = Object.entries(errors).find(([field]) => field.startsWith('holidays'))?.[1];

  return (
    <Section title="Agency profile" description="How your agency appears across the Command Center, and the defaults for dates and money.">
      {!saved || !draft ? (
        <SkeletonText lines={6} label="Loading the agency profile" />
      ) : (
        <form className="st-form" onSubmit={submit} onKeyDown={escapeCancels(cancel)} aria-label="Agency profile" noValidate>
          {!canManage && <ReadOnlyNote>Only owners and admins can change the agency profile.</ReadOnlyNote>}
          <fieldset className="st-fieldset" disabled={!canManage || save.pending}>
            <div className="st-grid">
              <Field label="Display name" error={errors.displayName} required>
                <Input value={draft.displayName} onChange={(e) => set('displayName', e.target.value)} maxLength={120} autoComplete="organization" />
              </Field>
              <Field label="Time zone" error={errors.timezone} hint="Used for business hours, SLA clocks and reports.">
                <Input value={draft.timezone} onChange={(e) => set('timezone', e.target.value)} list="st-timezones" spellCheck={false} />
              </Field>
              <Field label="Default currency" error={errors.defaultCurrency} hint="ISO code, e.g. USD or EUR.">
                <Input value={draft.defaultCurrency} onChange={(e) => set('defaultCurrency', e.target.value.toUpperCase())} list="st-currencies" maxLength={3} spellCheck={false} />
              </Field>
              <Field label="Logo URL" error={errors.logoUrl} hint="An https address of a square image.">
                <Input value={draft.logoUrl} onChange={(e) => set('logoUrl', e.target.value)} type="url" placeholder="https://…" spellCheck={false} />
              </Field>
            </div>
            <datalist id="st-timezones">
              {zones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
            <datalist id="st-currencies">
              {COMMON_CURRENCIES.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>

            <h3 className="st-subtitle">Business hours</h3>
            <div className="st-hours" role="group" aria-label="Business hours">
              {DAYS.map(({ key, label }) => {
                const hours = draft.businessHours[key];
                const error = errors[`businessHours.${key}.close`] ?? errors[`businessHours.${key}.open`] ?? errors[`businessHours.${key}`];
                return (
                  <div className="st-hours__row" key={key} data-day={key}>
                    <label className="st-check">
                      <input type="checkbox" checked={Boolean(hours)} onChange={(e) => setDay(key, e.target.checked ? { open: '09:00', close: '17:30' } : null)} />
                      <span>{label}</span>
                    </label>
                    {hours ? (
                      <span className="st-hours__times">
                        <input className="aos-input st-time" type="time" aria-label={`${label} opens`} value={hours.open} onChange={(e) => setDay(key, { ...hours, open: e.target.value })} />
                        <span aria-hidden="true">–</span>
                        <input className="aos-input st-time" type="time" aria-label={`${label} closes`} value={hours.close} onChange={(e) => setDay(key, { ...hours, close: e.target.value })} />
                      </span>
                    ) : (
                      <span className="st-muted">Closed</span>
                    )}
                    {error && (
                      <span className="st-inline-error" role="alert">
                        {error}
                      </span>
                    )}
                  </div>
                );
              })}
            </div>

            <h3 className="st-subtitle">SLA clocks</h3>
            <label className="st-check">
              <input type="checkbox" checked={draft.slaPauseWhileWaiting} onChange={(e) => set('slaPauseWhileWaiting', e.target.checked)} />
              <span>Pause SLA clocks while a ticket waits on the client</span>
            </label>
            <div className="st-holidays" role="group" aria-labelledby="st-holidays-title">
              <h3 className="st-subtitle" id="st-holidays-title">
                Holidays
              </h3>
              <p className="st-muted">Whole days closed in {draft.timezone}: SLA clocks do not run.</p>
              {draft.holidays.length === 0 ? (
                <p className="st-muted">No holidays.</p>
              ) : (
                <ul className="st-holidays__list" aria-label="Holidays">
                  {draft.holidays.map((day) => (
                    <li key={day} className="st-holidays__item">
                      <span>{dateFormat('UTC').date(`${day}T12:00:00Z`)}</span>
                      <Button size="sm" variant="ghost" aria-label={`Remove the holiday on ${day}`} onClick={() => set('holidays', draft.holidays.filter((h) => h !== day))}>
                        Remove
                      </Button>
                    </li>
                  ))}
                </ul>
              )}
              <span className="st-hours__times">
                <input
                  className="aos-input st-time"
                  type="date"
                  aria-label="New holiday"
                  value={newHoliday}
                  onChange={(e) => setNewHoliday(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      addHoliday();
                    }
                  }}
                />
                <Button size="sm" onClick={addHoliday} disabled={!newHoliday}>
                  Add holiday
                </Button>
              </span>
              {holidayError && (
                <span className="st-inline-error" role="alert">
                  {holidayError}
                </span>
              )}
            </div>
          </fieldset>
          {conflict && saved ? (
            <ConflictNotice
              changes={changedFields(saved, conflict.current, CONFLICT_FIELDS, conflictValue)}
              pending={save.pending}
              onReload={() => {
                query.setData(conflict.current);
                setConflict(null);
                save.reset();
              }}
              onOverwrite={() => void save.mutate({ patch: conflict.patch, version: String(conflict.version) })}
            />
          ) : save.error && !Object.keys(errors).length ? (
            <ErrorState compact title="Could not save the profile" error={save.error} />
          ) : null}
          {canManage && (
            <div className="st-form__footer">
              <Button onClick={cancel} disabled={!dirty || save.pending}>
                Cancel
              </Button>
              <Button type="submit" variant="primary" loading={save.pending} disabled={!dirty}>
                Save changes
              </Button>
            </div>
          )}
        </form>
      )}
    </Section>
  );
}
