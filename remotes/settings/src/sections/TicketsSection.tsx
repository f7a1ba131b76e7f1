/**
 * Ticket SLA policy, through the tickets module's own API: first-response and resolution
 * targets per priority. Owners and admins (tickets:manage) edit; the others read.
 * A save names the version it loaded (If-Match); when someone saved the policy meanwhile the
 * API answers 412 and the form lists their targets with Reload / Overwrite, like the profile.
 */
import { useEffect, useState, type FormEvent } from 'react';
import {
  Button,
  changedFields,
  ConflictNotice,
  conflictOf,
  ErrorState,
  Input,
  SkeletonText,
  toast,
  useCan,
  useMutation,
  useQuery,
  type Conflict,
} from '@audienceos/remote-sdk';
import { PRIORITIES, settingsApi, type Priority, type SlaPolicy, type SlaTargets, type VersionedSlaPolicy } from '../api';
import { escapeCancels } from '../shared/form-keys';
import { ReadOnlyNote, Section } from '../shared/Section';

type Unit = 'minutes' | 'hours';
type Draft = Record<Priority, { firstResponse: string; resolution: string }>;
const LABELS: Record<Priority, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

/** Shown in hours when every target is a whole number of hours. */
const unitFor = (policy: SlaPolicy): Unit =>
  PRIORITIES.every((p) => policy[p].firstResponseMinutes % 60 === 0 && policy[p].resolutionMinutes % 60 === 0) ? 'hours' : 'minutes';
const fmt = (minutes: number, unit: Unit) => String(unit === 'hours' ? minutes / 60 : minutes);
const toDraft = (policy: SlaPolicy, unit: Unit): Draft =>
  Object.fromEntries(
    PRIORITIES.map((p) => [
      p,
      { firstResponse: fmt(policy[p].firstResponseMinutes, unit), resolution: fmt(policy[p].resolutionMinutes, unit) },
    ]),
  ) as Draft;
const minutes = (value: string, unit: Unit) => Math.round(Number(value) * (unit === 'hours' ? 60 : 1));
/** A priority's targets as a conflict notice shows them: `first response / resolution` in minutes. */
const targetsText = (_p: string, t: unknown) => {
  const v = t as SlaTargets | undefined;
  return v ? `${v.firstResponseMinutes} min / ${v.resolutionMinutes} min` : '—';
};

export function TicketsSection() {
  const canManage = useCan('tickets:manage');
  const query = useQuery((signal) => settingsApi.slaPolicy(signal), []);
  const [unit, setUnit] = useState<Unit>('hours');
  const [draft, setDraft] = useState<Draft | null>(null);

  useEffect(() => {
    if (!query.data) return;
    const u = unitFor(query.data.policy);
    setUnit(u);
    setDraft(toDraft(query.data.policy, u));
  }, [query.data]);

  const [conflict, setConflict] = useState<(Conflict<VersionedSlaPolicy> & { patch: Partial<SlaPolicy> }) | null>(null);
  const save = useMutation((v: { patch: Partial<SlaPolicy>; version?: string }) => settingsApi.setSlaPolicy(v.patch, v.version), {
    onError: (err, v) => {
      const newer = conflictOf<VersionedSlaPolicy>(err);
      if (newer) setConflict({ ...newer, patch: v.patch });
    },
    onSuccess: (policy) => {
      setConflict(null);
      query.setData(policy);
      toast.success('SLA policy saved', 'It applies to tickets created or re-prioritised from now on.');
    },
  });

  if (query.error && !query.data) return <ErrorState title="Could not load the SLA policy" error={query.error} onRetry={query.reload} />;
  const saved = query.data?.policy;
  const changed = (): Partial<SlaPolicy> => {
    if (!saved || !draft) return {};
    const out: Partial<SlaPolicy> = {};
    for (const p of PRIORITIES) {
      const next = { firstResponseMinutes: minutes(draft[p].firstResponse, unit), resolutionMinutes: minutes(draft[p].resolution, unit) };
      if (next.firstResponseMinutes !== saved[p].firstResponseMinutes || next.resolutionMinutes !== saved[p].resolutionMinutes)
        out[p] = next;
    }
    return out;
  };
  const dirty = Object.keys(changed()).length > 0;
  const cancel = () => {
    if (saved) setDraft(toDraft(saved, unit));
    setConflict(null);
    save.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canManage && dirty) void save.mutate({ patch: changed(), version: query.data?.version });
  };
  const switchUnit = (next: Unit) => {
    if (!draft || next === unit) return;
    const converted = Object.fromEntries(
      PRIORITIES.map((p) => [
        p,
        { firstResponse: fmt(minutes(draft[p].firstResponse, unit), next), resolution: fmt(minutes(draft[p].resolution, unit), next) },
      ]),
    ) as Draft;
    setUnit(next);
    setDraft(converted);
  };
  const error = (p: Priority, field: 'firstResponseMinutes' | 'resolutionMinutes') => save.fieldErrors[`policy.${p}.${field}`];

  return (
    <Section
      title="Ticket SLA policy"
      description="How soon each priority must get a first response and be resolved. Breaches show on the ticket list."
      actions={
        <div className="st-segmented" role="radiogroup" aria-label="Unit">
          {(['hours', 'minutes'] as const).map((u) => (
            <button
              key={u}
              type="button"
              role="radio"
              aria-checked={unit === u}
              data-state={unit === u ? 'on' : 'off'}
              className="st-segmented__option"
              onClick={() => switchUnit(u)}
            >
              {u === 'hours' ? 'Hours' : 'Minutes'}
            </button>
          ))}
        </div>
      }
    >
      {!canManage && <ReadOnlyNote>Only owners and admins can change the SLA policy.</ReadOnlyNote>}
      {!draft ? (
        <SkeletonText lines={4} label="Loading the SLA policy" />
      ) : (
        <form className="st-form" onSubmit={submit} onKeyDown={escapeCancels(cancel)} aria-label="Ticket SLA policy" noValidate>
          <fieldset className="st-fieldset" disabled={!canManage || save.pending}>
            <table className="aos-table st-sla">
              <thead>
                <tr>
                  <th scope="col">Priority</th>
                  <th scope="col">First response ({unit})</th>
                  <th scope="col">Resolution ({unit})</th>
                </tr>
              </thead>
              <tbody>
                {PRIORITIES.map((p) => (
                  <tr key={p} data-priority={p}>
                    <th scope="row">{LABELS[p]}</th>
                    {(['firstResponse', 'resolution'] as const).map((f) => {
                      const err = error(p, f === 'firstResponse' ? 'firstResponseMinutes' : 'resolutionMinutes');
                      return (
                        <td key={f}>
                          <Input
                            type="number"
                            min={unit === 'hours' ? 0.25 : 1}
                            step={unit === 'hours' ? 0.25 : 1}
                            aria-label={`${LABELS[p]} ${f === 'firstResponse' ? 'first response' : 'resolution'} (${unit})`}
                            invalid={Boolean(err)}
                            value={draft[p][f]}
                            onChange={(e) => setDraft({ ...draft, [p]: { ...draft[p], [f]: e.target.value } })}
                          />
                          {err && (
                            <span className="st-inline-error" role="alert">
                              {err}
                            </span>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </fieldset>
          {conflict && saved ? (
            <ConflictNotice
              changes={changedFields(saved, conflict.current.policy, LABELS, targetsText)}
              pending={save.pending}
              onReload={() => {
                query.setData(conflict.current);
                setConflict(null);
                save.reset();
              }}
              onOverwrite={() => void save.mutate({ patch: conflict.patch, version: String(conflict.version) })}
            />
          ) : save.error && !Object.keys(save.fieldErrors).length ? (
            <ErrorState compact title="Could not save the SLA policy" error={save.error} />
          ) : null}
          {canManage && (
            <div className="st-form__footer">
              <Button onClick={cancel} disabled={!dirty || save.pending}>
                Cancel
              </Button>
              <Button type="submit" variant="primary" loading={save.pending} disabled={!dirty}>
                Save policy
              </Button>
            </div>
          )}
        </form>
      )}
    </Section>
  );
}
