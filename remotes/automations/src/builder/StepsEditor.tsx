/**
 * The "then …" part: the steps in order, each an action from the catalogue with its fields
 * (from the action's param schema), template variables insertable where the cursor is, and per
 * step a delay, continue-on-failure and require-approval. Errors of `steps[i].params.<name>`
 * show under that field.
 */
import { ArrowDown, ArrowUp, Braces, Plus, Trash2 } from 'lucide-react';
import { useRef, useState } from 'react';
import { Badge, Button, IconButton, Input, QuickPickDialog, Select, Textarea } from '@audienceos/remote-sdk';
import type { Catalogue, ParamValue, Step } from '../api';
import { actionOptions, defaultParam, paramSpecs, waitingWords, type ParamSpec } from '../words';
import { FieldError } from './FieldError';

export interface StepsEditorProps {
  steps: Step[];
  catalogue: Catalogue | null;
  variables: string[];
  errors: Record<string, string>;
  readOnly: boolean;
  onChange: (next: Step[]) => void;
}

const MAX_STEPS = 20;

export function StepsEditor({ steps, catalogue, variables, errors, readOnly, onChange }: StepsEditorProps) {
  const inputs = useRef(new Map<string, HTMLInputElement | HTMLTextAreaElement>());
  const [inserting, setInserting] = useState<{ index: number; name: string } | null>(null);
  const setStep = (i: number, next: Step) => onChange(steps.map((s, j) => (j === i ? next : s)));
  const move = (i: number, delta: number) => {
    const next = [...steps];
    const [s] = next.splice(i, 1);
    next.splice(i + delta, 0, s!);
    onChange(next);
  };
  const addStep = () => onChange([...steps, { action: '', params: {} }]);

  const insertVariable = (variable: string) => {
    if (!inserting) return;
    const { index, name } = inserting;
    const el = inputs.current.get(`${index}.${name}`);
    const current = String(steps[index]?.params[name] ?? '');
    const at = el?.selectionStart ?? current.length;
    const end = el?.selectionEnd ?? at;
    const token = `{{${variable}}}`;
    setStep(index, { ...steps[index]!, params: { ...steps[index]!.params, [name]: current.slice(0, at) + token + current.slice(end) } });
    window.setTimeout(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    });
  };

  return (
    <div className="auto-steps" role="list" aria-label="Steps">
      {steps.map((step, i) => {
        const action = catalogue?.actions.find((a) => a.key === step.action);
        const specs = paramSpecs(action?.params);
        // Params the saved step has but the action no longer declares are still shown (and sent).
        for (const name of Object.keys(step.params))
          if (!specs.some((s) => s.name === name)) specs.push({ name, kind: 'string', optional: true, label: name });
        const options = actionOptions(catalogue);
        if (step.action && !action) options.push({ value: step.action, label: `${step.action} (no running module offers it)`, hint: '' });
        const p = `steps[${i}]`;
        return (
          <div key={i} className="auto-step" role="listitem" data-testid="step" aria-label={`Step ${i + 1}`}>
            <div className="auto-step__head">
              <span className="auto-word">{i === 0 ? 'then' : 'and then'}</span>
              <span className="auto-grow">
                <Select
                  aria-label={`Step ${i + 1} action`}
                  placeholder="choose an action"
                  value={step.action || undefined}
                  options={options.map((o) => ({ value: o.value, label: o.label }))}
                  disabled={readOnly}
                  invalid={Boolean(errors[`${p}.action`])}
                  onValueChange={(key) => {
                    const next = catalogue?.actions.find((a) => a.key === key);
                    const params: Record<string, ParamValue> = {};
                    for (const spec of paramSpecs(next?.params)) {
                      const v = step.params[spec.name] ?? defaultParam(spec, variables);
                      if (v !== undefined) params[spec.name] = v;
                    }
                    setStep(i, { ...step, action: key, params });
                  }}
                />
                <FieldError message={errors[`${p}.action`]} />
              </span>
              {action && !action.available && (
                <Badge tone="warning" dot>
                  {waitingWords(action)}
                </Badge>
              )}
              {!readOnly && (
                <span className="auto-step__tools">
                  <IconButton aria-label={`Move step ${i + 1} up`} size="sm" disabled={i === 0} onClick={() => move(i, -1)}>
                    <ArrowUp />
                  </IconButton>
                  <IconButton aria-label={`Move step ${i + 1} down`} size="sm" disabled={i === steps.length - 1} onClick={() => move(i, 1)}>
                    <ArrowDown />
                  </IconButton>
                  <IconButton aria-label={`Remove step ${i + 1}`} size="sm" onClick={() => onChange(steps.filter((_, j) => j !== i))}>
                    <Trash2 />
                  </IconButton>
                </span>
              )}
            </div>
            {specs.length > 0 && (
              <div className="auto-step__params">
                {specs.map((spec) => (
                  <ParamField
                    key={spec.name}
                    spec={spec}
                    value={step.params[spec.name]}
                    error={errors[`${p}.params.${spec.name}`]}
                    readOnly={readOnly}
                    canInsert={variables.length > 0}
                    inputRef={(el) => {
                      if (el) inputs.current.set(`${i}.${spec.name}`, el);
                      else inputs.current.delete(`${i}.${spec.name}`);
                    }}
                    onInsert={() => setInserting({ index: i, name: spec.name })}
                    onChange={(v) => {
                      const params = { ...step.params };
                      if (v === undefined) delete params[spec.name];
                      else params[spec.name] = v;
                      setStep(i, { ...step, params });
                    }}
                  />
                ))}
              </div>
            )}
            <FieldError message={errors[`${p}.params`]} />
            <StepOptions step={step} path={p} errors={errors} readOnly={readOnly} onChange={(next) => setStep(i, next)} />
            <FieldError message={errors[p]} />
          </div>
        );
      })}
      <FieldError message={errors.steps} />
      {!readOnly && steps.length < MAX_STEPS && (
        <Button size="sm" variant="ghost" icon={<Plus />} onClick={addStep}>
          Add a step
        </Button>
      )}
      <QuickPickDialog
        open={inserting !== null}
        title="Insert a variable"
        options={variables.map((v) => ({ value: v, label: `{{${v}}}` }))}
        onPick={insertVariable}
        onClose={() => setInserting(null)}
      />
    </div>
  );
}

interface ParamFieldProps {
  spec: ParamSpec;
  value: ParamValue | undefined;
  error?: string;
  readOnly: boolean;
  canInsert: boolean;
  inputRef: (el: HTMLInputElement | HTMLTextAreaElement | null) => void;
  onInsert: () => void;
  onChange: (value: ParamValue | undefined) => void;
}

function ParamField({ spec, value, error, readOnly, canInsert, inputRef, onInsert, onChange }: ParamFieldProps) {
  const label = `${spec.label}${spec.optional ? ' (optional)' : ''}`;
  const templated = spec.kind === 'string' || spec.kind === 'text' || spec.kind === 'uuid' || spec.kind === 'date';
  let control;
  if (spec.kind === 'boolean') {
    control = (
      <label className="auto-check">
        <input type="checkbox" checked={value === true} disabled={readOnly} onChange={(e) => onChange(e.target.checked)} /> {spec.label}
      </label>
    );
  } else if (spec.kind === 'enum') {
    control = (
      <Select
        aria-label={spec.label}
        placeholder="choose"
        value={value === undefined ? undefined : String(value)}
        options={(spec.values ?? []).map((v) => ({ value: v, label: v }))}
        disabled={readOnly}
        invalid={Boolean(error)}
        onValueChange={(v) => onChange(v)}
      />
    );
  } else if (spec.kind === 'number') {
    control = (
      <Input
        aria-label={spec.label}
        type="number"
        value={value === undefined ? '' : String(value)}
        readOnly={readOnly}
        invalid={Boolean(error)}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
    );
  } else if (spec.kind === 'array') {
    control = (
      <Input
        aria-label={spec.label}
        placeholder="a, b, c"
        value={Array.isArray(value) ? value.join(', ') : String(value ?? '')}
        readOnly={readOnly}
        invalid={Boolean(error)}
        onChange={(e) =>
          onChange(
            e.target.value
              .split(',')
              .map((s) => s.trimStart())
              .filter((s, i, all) => s !== '' || i === all.length - 1),
          )
        }
      />
    );
  } else if (spec.kind === 'text') {
    control = (
      <Textarea
        aria-label={spec.label}
        ref={inputRef}
        rows={3}
        value={String(value ?? '')}
        readOnly={readOnly}
        invalid={Boolean(error)}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  } else {
    control = (
      <Input
        aria-label={spec.label}
        ref={inputRef}
        placeholder={spec.kind === 'uuid' ? '{{client.id}}' : spec.kind === 'date' ? 'YYYY-MM-DD or {{…}}' : undefined}
        value={String(value ?? '')}
        readOnly={readOnly}
        invalid={Boolean(error)}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <div className="auto-param" data-param={spec.name}>
      {spec.kind !== 'boolean' && <div className="aos-field__label">{label}</div>}
      <div className="auto-param__control">
        {control}
        {templated && canInsert && !readOnly && (
          <IconButton aria-label={`Insert a variable into ${spec.label}`} size="sm" onClick={onInsert}>
            <Braces />
          </IconButton>
        )}
      </div>
      <FieldError message={error} />
    </div>
  );
}

const UNITS = [
  { value: '1', label: 'minutes' },
  { value: '60', label: 'hours' },
  { value: '1440', label: 'days' },
];

function StepOptions({
  step,
  path,
  errors,
  readOnly,
  onChange,
}: {
  step: Step;
  path: string;
  errors: Record<string, string>;
  readOnly: boolean;
  onChange: (s: Step) => void;
}) {
  const minutes = step.delayMinutes ?? 0;
  const [unit, setUnit] = useState(() => (minutes && minutes % 1440 === 0 ? '1440' : minutes && minutes % 60 === 0 ? '60' : '1'));
  const amount = minutes ? minutes / Number(unit) : 0;
  return (
    <div className="auto-step__options">
      <span className="auto-inline">
        <span className="auto-word auto-word--muted">wait</span>
        <Input
          aria-label="Delay"
          type="number"
          min={0}
          className="auto-num"
          value={amount ? String(amount) : ''}
          placeholder="0"
          readOnly={readOnly}
          invalid={Boolean(errors[`${path}.delayMinutes`])}
          onChange={(e) => onChange({ ...step, delayMinutes: Math.round(Number(e.target.value || 0) * Number(unit)) || undefined })}
        />
        <Select
          aria-label="Delay unit"
          value={unit}
          options={UNITS}
          disabled={readOnly}
          onValueChange={(u) => {
            setUnit(u);
            if (amount) onChange({ ...step, delayMinutes: Math.round(amount * Number(u)) });
          }}
        />
        <span className="auto-word auto-word--muted">first</span>
      </span>
      <label className="auto-check">
        <input
          type="checkbox"
          checked={Boolean(step.continueOnFailure)}
          disabled={readOnly}
          onChange={(e) => onChange({ ...step, continueOnFailure: e.target.checked || undefined })}
        />{' '}
        Continue if this step fails
      </label>
      <label className="auto-check">
        <input
          type="checkbox"
          checked={Boolean(step.requireApproval)}
          disabled={readOnly}
          onChange={(e) => onChange({ ...step, requireApproval: e.target.checked || undefined })}
        />{' '}
        Ask for approval first
      </label>
      <FieldError message={errors[`${path}.delayMinutes`] ?? errors[`${path}.continueOnFailure`] ?? errors[`${path}.requireApproval`]} />
    </div>
  );
}
