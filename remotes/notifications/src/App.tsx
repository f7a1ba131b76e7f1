/**
 * Notification preferences: per kind in-app and/or email, muted clients, quiet hours (in my
 * zone, else the agency's), and a daily digest instead of single emails. One form, saved with
 * the version it loaded (a stale save shows who changed it and offers a reload).
 */
import { BellOff } from 'lucide-react';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Button, Card, ErrorState, Field, Input, SkeletonText, errorMessage, fieldErrors, isApiError, toast, usePageHeader, useQuery, type RemoteAppProps } from '@audienceos/remote-sdk';
import { notificationsApi, type Preferences } from './api';
import './notifications.css';

interface Draft {
  kinds: Record<string, { inApp: boolean; email: boolean }>;
  mutedClientIds: string[];
  quiet: boolean;
  quietStart: string;
  quietEnd: string;
  timeZone: string;
  digest: boolean;
  digestHour: number;
}

const toDraft = (p: Preferences): Draft => ({
  kinds: Object.fromEntries(p.kinds.map((k) => [k.id, { inApp: k.inApp, email: k.email }])),
  mutedClientIds: p.mutedClientIds,
  quiet: Boolean(p.quietHours),
  quietStart: p.quietHours?.start ?? '22:00',
  quietEnd: p.quietHours?.end ?? '07:00',
  timeZone: p.timeZone ?? '',
  digest: p.digest,
  digestHour: p.digestHour,
});

const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;

export default function NotificationsApp(_props: RemoteAppProps) {
  usePageHeader('Preferences');
  const prefs = useQuery((signal) => notificationsApi.preferences(signal), []);
  const clients = useQuery((signal) => notificationsApi.clients(signal).catch(() => []), []);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (prefs.data) setDraft(toDraft(prefs.data));
  }, [prefs.data]);
  const clientName = useMemo(() => new Map((clients.data ?? []).map((c) => [c.id, c.name])), [clients.data]);

  if (prefs.loading || (!draft && !prefs.error)) return <SkeletonText lines={8} label="Loading your preferences" />;
  if (prefs.error || !prefs.data || !draft) return <ErrorState title="Could not load your preferences" error={prefs.error} onRetry={prefs.reload} />;
  const loaded = prefs.data;
  const errs = fieldErrors(error);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => (d ? { ...d, [key]: value } : d));
  const setKind = (id: string, channel: 'inApp' | 'email', on: boolean) =>
    setDraft((d) => (d ? { ...d, kinds: { ...d.kinds, [id]: { ...d.kinds[id]!, [channel]: on } } } : d));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const saved = await notificationsApi.savePreferences(
        {
          kinds: draft.kinds,
          mutedClientIds: draft.mutedClientIds,
          quietHours: draft.quiet ? { start: draft.quietStart, end: draft.quietEnd } : null,
          timeZone: draft.timeZone.trim() || null,
          digest: draft.digest,
          digestHour: draft.digestHour,
        },
        loaded.version,
      );
      prefs.setData(saved);
      toast.success('Preferences saved');
    } catch (err) {
      setError(err);
      if (isApiError(err) && err.code === 412) toast.error('Changed in another window', 'Reload to see the saved preferences, then change them again.');
      else toast.error('Not saved', errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const unmuted = (clients.data ?? []).filter((c) => !draft.mutedClientIds.includes(c.id));
  return (
    <form className="nt-page" onSubmit={(e) => void submit(e)} data-testid="notification-preferences">
      <Card title="What reaches me">
        {!loaded.emailAvailable && <p className="nt-hint">Email is not set up on this server: only in-app notifications are sent.</p>}
        <table className="nt-kinds">
          <thead>
            <tr>
              <th scope="col">Notification</th>
              <th scope="col">In-app</th>
              <th scope="col">Email</th>
            </tr>
          </thead>
          <tbody>
            {loaded.kinds.map((k) => (
              <tr key={k.id}>
                <th scope="row">{k.label}</th>
                <td>
                  <input type="checkbox" aria-label={`${k.label}: in-app`} checked={draft.kinds[k.id]?.inApp ?? false} onChange={(e) => setKind(k.id, 'inApp', e.target.checked)} />
                </td>
                <td>
                  <input type="checkbox" aria-label={`${k.label}: email`} checked={draft.kinds[k.id]?.email ?? false} onChange={(e) => setKind(k.id, 'email', e.target.checked)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>

      <Card title="Quiet hours and digest">
        <label className="nt-check">
          <input type="checkbox" checked={draft.quiet} onChange={(e) => set('quiet', e.target.checked)} /> Hold emails during quiet hours (they go out when the quiet hours end)
        </label>
        {draft.quiet && (
          <div className="nt-row">
            <Field label="From" error={errs['quietHours.start']}>
              <Input type="time" value={draft.quietStart} onChange={(e) => set('quietStart', e.target.value)} required />
            </Field>
            <Field label="Until" error={errs['quietHours.end']}>
              <Input type="time" value={draft.quietEnd} onChange={(e) => set('quietEnd', e.target.value)} required />
            </Field>
          </div>
        )}
        <Field label="My time zone" hint="Empty: the agency's time zone. For example Europe/Paris." error={errs.timeZone}>
          <Input value={draft.timeZone} onChange={(e) => set('timeZone', e.target.value)} placeholder="Agency time zone" maxLength={64} />
        </Field>
        <label className="nt-check">
          <input type="checkbox" checked={draft.digest} onChange={(e) => set('digest', e.target.checked)} /> One daily digest email instead of one email per notification
        </label>
        {draft.digest && (
          <Field label="Send the digest at" error={errs.digestHour}>
            <select className="aos-input" value={draft.digestHour} onChange={(e) => set('digestHour', Number(e.target.value))}>
              {Array.from({ length: 24 }, (_, h) => (
                <option key={h} value={h}>
                  {hourLabel(h)}
                </option>
              ))}
            </select>
          </Field>
        )}
      </Card>

      <Card title="Muted clients">
        <p className="nt-hint">Nothing about a muted client reaches you (failed automations still do).</p>
        {draft.mutedClientIds.length === 0 ? (
          <p className="nt-empty">
            <BellOff aria-hidden="true" /> No client is muted.
          </p>
        ) : (
          <ul className="nt-muted">
            {draft.mutedClientIds.map((id) => (
              <li key={id}>
                <span>{clientName.get(id) ?? 'A client you cannot see'}</span>
                <Button size="sm" variant="ghost" onClick={() => set('mutedClientIds', draft.mutedClientIds.filter((x) => x !== id))}>
                  Unmute
                </Button>
              </li>
            ))}
          </ul>
        )}
        {unmuted.length > 0 && (
          <Field label="Mute a client" error={errs.mutedClientIds}>
            <select
              className="aos-input"
              value=""
              onChange={(e) => {
                if (e.target.value) set('mutedClientIds', [...draft.mutedClientIds, e.target.value]);
              }}
            >
              <option value="">Choose a client…</option>
              {unmuted.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
        )}
      </Card>

      <div className="nt-actions">
        <Button variant="ghost" onClick={() => setDraft(toDraft(loaded))} disabled={saving}>
          Discard changes
        </Button>
        <Button type="submit" variant="primary" loading={saving} data-testid="save-preferences">
          Save preferences
        </Button>
      </div>
    </form>
  );
}
