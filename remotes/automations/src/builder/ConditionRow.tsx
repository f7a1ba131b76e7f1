/**
 * One condition as a phrase: "[field] [operator] [value]" with a remove button. Used for the
 * trigger's filters and for the if-part. `path` is the condition's place in the definition
 * (`conditions.items[0]`, `trigger.filters[1]`): 422 errors for `<path>.value` etc. show under
 * the exact control.
 */
import { X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { IconButton, Input, Select } from '@audienceos/remote-sdk';
import type { Condition, ConditionOp } from '../api';
import { OPS, WEEKDAYS, conditionValueText, fieldWords, opNeedsValue, parseConditionValue } from '../words';
import { FieldError } from './FieldError';

export interface ConditionRowProps {
  condition: Condition;
  fields: { value: string; label: string }[];
  path: string;
  errors: Record<string, string>;
  readOnly: boolean;
  onChange: (next: Condition) => void;
  onRemove: () => void;
}

export function ConditionRow({ condition, fields, path, errors, readOnly, onChange, onRemove }: ConditionRowProps) {
  const fieldOptions =
    fields.some((f) => f.value === condition.field) || !condition.field
      ? fields
      : [...fields, { value: condition.field, label: fieldWords(condition.field) }];
  const weekday = condition.field === 'time.weekday' && condition.op !== 'in';
  return (
    <div className="auto-cond" data-testid="condition-row">
      <div className="auto-cond__part">
        <Select
          aria-label="Field"
          placeholder="choose a field"
          value={condition.field || undefined}
          options={fieldOptions}
          disabled={readOnly}
          invalid={Boolean(errors[`${path}.field`])}
          onValueChange={(field) =>
            onChange({ ...condition, field, value: parseConditionValue(field, condition.op, conditionValueText(condition.value)) })
          }
        />
        <FieldError message={errors[`${path}.field`]} />
      </div>
      <div className="auto-cond__part">
        <Select
          aria-label="Operator"
          value={condition.op}
          options={OPS.map((o) => ({ value: o.value, label: o.label }))}
          disabled={readOnly}
          invalid={Boolean(errors[`${path}.op`])}
          onValueChange={(op) =>
            onChange({
              ...condition,
              op: op as ConditionOp,
              value: parseConditionValue(condition.field, op as ConditionOp, conditionValueText(condition.value)),
            })
          }
        />
        <FieldError message={errors[`${path}.op`]} />
      </div>
      {opNeedsValue(condition.op) && (
        <div className="auto-cond__part auto-cond__value">
          {weekday ? (
            <Select
              aria-label="Value"
              placeholder="a day"
              value={condition.value === undefined || condition.value === '' ? undefined : String(condition.value)}
              options={WEEKDAYS.map((d, i) => ({ value: String(i), label: d }))}
              disabled={readOnly}
              invalid={Boolean(errors[`${path}.value`])}
              onValueChange={(v) => onChange({ ...condition, value: Number(v) })}
            />
          ) : (
            <ValueInput condition={condition} readOnly={readOnly} invalid={Boolean(errors[`${path}.value`])} onChange={onChange} />
          )}
          <FieldError message={errors[`${path}.value`]} />
        </div>
      )}
      {!readOnly && (
        <IconButton aria-label="Remove condition" size="sm" onClick={onRemove}>
          <X />
        </IconButton>
      )}
      <FieldError message={errors[path]} />
    </div>
  );
}

/** The typed text stays as typed ("a, " or "1."); the condition gets the parsed value. */
function ValueInput({
  condition,
  readOnly,
  invalid,
  onChange,
}: {
  condition: Condition;
  readOnly: boolean;
  invalid: boolean;
  onChange: (next: Condition) => void;
}) {
  const [text, setText] = useState(() => conditionValueText(condition.value));
  useEffect(() => {
    if (JSON.stringify(parseConditionValue(condition.field, condition.op, text)) !== JSON.stringify(condition.value ?? null))
      setText(conditionValueText(condition.value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [condition.value]);
  return (
    <Input
      aria-label="Value"
      placeholder={condition.op === 'in' ? 'a, b, c' : 'value'}
      value={text}
      readOnly={readOnly}
      invalid={invalid}
      onChange={(e) => {
        setText(e.target.value);
        onChange({ ...condition, value: parseConditionValue(condition.field, condition.op, e.target.value) });
      }}
    />
  );
}
