/**
 * The "When …" part: the trigger kind, then what it needs — an event from the catalogue with
 * field filters, a schedule (presets or cron, agency zone), N quiet days, a KPI crossing, or
 * manual. Events and KPIs of a module that is down are listed with "waiting: X is not running".
 */
import { Plus } from 'lucide-react';
import { Badge, Button, Input, Select } from '@audienceos/remote-sdk';
import type { Catalogue, Condition, SchedulePreset, Trigger, TriggerType } from '../api';
import { SCHEDULE_PRESETS, TRIGGER_KINDS, defaultTrigger, fieldWords, triggerFields, waitingWords } from '../words';
import { ConditionRow } from './ConditionRow';
import { FieldError } from './FieldError';

export interface TriggerEditorProps {
  trigger: Trigger;
  catalogue: Catalogue | null;
  errors: Record<string, string>;
  readOnly: boolean;
  zone: string;
  onChange: (next: Trigger) => void;
}

export function TriggerEditor({ trigger, catalogue, errors, readOnly, zone, onChange }: TriggerEditorProps) {
  return (
    <div className="auto-clause" data-testid="trigger-editor">
      <div className="auto-clause__line">
        <span className="auto-word">When</span>
        <Select
          aria-label="Trigger kind"
          value={trigger.type}
          options={TRIGGER_KINDS}
          disabled={readOnly}
          onValueChange={(type) => onChange(defaultTrigger(type as TriggerType, catalogue))}
        />
        {trigger.type === 'event' && (
          <EventPicker trigger={trigger} catalogue={catalogue} errors={errors} readOnly={readOnly} onChange={onChange} />
        )}
        {trigger.type === 'schedule' && (
          <SchedulePicker trigger={trigger} errors={errors} readOnly={readOnly} zone={zone} onChange={onChange} />
        )}
        {trigger.type === 'inactivity' && (
          <span className="auto-inline">
            <span className="auto-word">for</span>
            <Input
              aria-label="Quiet days"
              type="number"
              min={1}
              max={365}
              className="auto-num"
              value={String(trigger.days)}
              readOnly={readOnly}
              invalid={Boolean(errors['trigger.days'])}
              onChange={(e) => onChange({ ...trigger, days: Number(e.target.value) })}
            />
            <span className="auto-word">days without a message, task or ticket</span>
            <FieldError message={errors['trigger.days']} />
          </span>
        )}
        {trigger.type === 'kpi' && (
          <KpiPicker trigger={trigger} catalogue={catalogue} errors={errors} readOnly={readOnly} onChange={onChange} />
        )}
      </div>
      <FieldError message={errors.trigger ?? errors['trigger.type']} />
      {trigger.type === 'event' && (
        <EventFilters trigger={trigger} catalogue={catalogue} errors={errors} readOnly={readOnly} onChange={onChange} />
      )}
    </div>
  );
}

type EventTrigger = Extract<Trigger, { type: 'event' }>;

function EventPicker({
  trigger,
  catalogue,
  errors,
  readOnly,
  onChange,
}: {
  trigger: EventTrigger;
  catalogue: Catalogue | null;
  errors: Record<string, string>;
  readOnly: boolean;
  onChange: (t: Trigger) => void;
}) {
  const entries = catalogue?.triggers ?? [];
  const options = entries.map((t) => ({ value: t.topic, label: t.available ? t.label : `${t.label} — ${waitingWords(t)}` }));
  if (trigger.topic && !entries.some((t) => t.topic === trigger.topic))
    options.push({ value: trigger.topic, label: `${trigger.topic} (no running module offers it)` });
  const chosen = entries.find((t) => t.topic === trigger.topic);
  return (
    <span className="auto-inline">
      <span className="auto-grow">
        <Select
          aria-label="Event"
          placeholder="choose an event"
          value={trigger.topic || undefined}
          options={options}
          disabled={readOnly}
          invalid={Boolean(errors['trigger.topic'])}
          onValueChange={(topic) => onChange({ ...trigger, topic, filters: [] })}
        />
        <FieldError message={errors['trigger.topic']} />
      </span>
      {chosen && !chosen.available && (
        <Badge tone="warning" dot>
          {waitingWords(chosen)}
        </Badge>
      )}
    </span>
  );
}

function EventFilters({
  trigger,
  catalogue,
  errors,
  readOnly,
  onChange,
}: {
  trigger: EventTrigger;
  catalogue: Catalogue | null;
  errors: Record<string, string>;
  readOnly: boolean;
  onChange: (t: Trigger) => void;
}) {
  const fields = Object.keys(triggerFields(trigger, catalogue)).map((f) => ({ value: `trigger.${f}`, label: fieldWords(`trigger.${f}`) }));
  const filters = trigger.filters ?? [];
  const set = (next: Condition[]) => onChange({ ...trigger, filters: next });
  return (
    <div className="auto-clause__sub" aria-label="Event filters" role="group">
      {filters.map((c, i) => (
        <div key={i} className="auto-clause__line">
          <span className="auto-word auto-word--muted">{i === 0 ? 'where' : 'and'}</span>
          <ConditionRow
            condition={c}
            fields={fields}
            path={`trigger.filters[${i}]`}
            errors={errors}
            readOnly={readOnly}
            onChange={(next) => set(filters.map((x, j) => (j === i ? next : x)))}
            onRemove={() => set(filters.filter((_, j) => j !== i))}
          />
        </div>
      ))}
      <FieldError message={errors['trigger.filters']} />
      {!readOnly && trigger.topic && (
        <Button
          size="sm"
          variant="ghost"
          icon={<Plus />}
          onClick={() => set([...filters, { field: fields[0]?.value ?? '', op: 'equals', value: '' }])}
        >
          Filter
        </Button>
      )}
    </div>
  );
}

type ScheduleTrigger = Extract<Trigger, { type: 'schedule' }>;

function SchedulePicker({
  trigger,
  errors,
  readOnly,
  zone,
  onChange,
}: {
  trigger: ScheduleTrigger;
  errors: Record<string, string>;
  readOnly: boolean;
  zone: string;
  onChange: (t: Trigger) => void;
}) {
  const preset = trigger.preset ?? SCHEDULE_PRESETS.find((p) => p.cron === trigger.cron)?.value ?? 'custom';
  return (
    <span className="auto-inline">
      <Select
        aria-label="Schedule"
        value={preset}
        options={[...SCHEDULE_PRESETS.map((p) => ({ value: p.value, label: p.label })), { value: 'custom', label: 'Custom (cron)' }]}
        disabled={readOnly}
        onValueChange={(v) => {
          const p = SCHEDULE_PRESETS.find((x) => x.value === v);
          onChange(p ? { type: 'schedule', cron: p.cron, preset: p.value as SchedulePreset } : { type: 'schedule', cron: trigger.cron });
        }}
      />
      {preset === 'custom' && (
        <span className="auto-grow">
          <Input
            aria-label="Cron"
            placeholder="0 9 * * 1-5"
            className="auto-mono"
            value={trigger.cron}
            readOnly={readOnly}
            invalid={Boolean(errors['trigger.cron'])}
            onChange={(e) => onChange({ type: 'schedule', cron: e.target.value })}
          />
        </span>
      )}
      <span className="auto-muted">({zone} time)</span>
      <FieldError message={errors['trigger.cron'] ?? errors['trigger.preset']} />
    </span>
  );
}

type KpiTrigger = Extract<Trigger, { type: 'kpi' }>;

function KpiPicker({
  trigger,
  catalogue,
  errors,
  readOnly,
  onChange,
}: {
  trigger: KpiTrigger;
  catalogue: Catalogue | null;
  errors: Record<string, string>;
  readOnly: boolean;
  onChange: (t: Trigger) => void;
}) {
  const kpis = catalogue?.kpis ?? [];
  const options = kpis.map((k) => ({ value: k.key, label: `${k.label} (${k.module})` }));
  if (trigger.kpi && !kpis.some((k) => k.key === trigger.kpi))
    options.push({ value: trigger.kpi, label: `${trigger.kpi} (no running module offers it)` });
  const unit = kpis.find((k) => k.key === trigger.kpi)?.unit;
  return (
    <span className="auto-inline">
      <span className="auto-grow">
        <Select
          aria-label="KPI"
          placeholder="choose a KPI"
          value={trigger.kpi || undefined}
          options={options}
          disabled={readOnly}
          invalid={Boolean(errors['trigger.kpi'])}
          onValueChange={(kpi) => onChange({ ...trigger, kpi })}
        />
        <FieldError message={errors['trigger.kpi']} />
      </span>
      <span className="auto-word">goes</span>
      <Select
        aria-label="Direction"
        value={trigger.direction}
        options={[
          { value: 'above', label: 'above' },
          { value: 'below', label: 'below' },
        ]}
        disabled={readOnly}
        onValueChange={(d) => onChange({ ...trigger, direction: d as 'above' | 'below' })}
      />
      <span>
        <Input
          aria-label="Threshold"
          type="number"
          className="auto-num"
          value={String(trigger.value)}
          readOnly={readOnly}
          invalid={Boolean(errors['trigger.value'])}
          onChange={(e) => onChange({ ...trigger, value: Number(e.target.value) })}
        />
        <FieldError message={errors['trigger.value']} />
      </span>
      {unit && <span className="auto-muted">{unit}</span>}
    </span>
  );
}
