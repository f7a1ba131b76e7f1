/**
 * The client form's fields, shared by the create dialog and the drawer's Overview tab. Values
 * are kept as strings while editing and converted once on save; the API's 422 field details
 * show under each field.
 */
import { Field, Input, Select, Textarea } from '@audienceos/remote-sdk';
import type { Client, ClientInput } from '../api';
import { useTeam } from './team';

export interface FormValues {
  name: string;
  company: string;
  website: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  tags: string;
  totalSpend: string;
  lifetimeValue: string;
  installDate: string;
  ownerId: string;
  notes: string;
}

export function toValues(client?: Client | null): FormValues {
  return {
    name: client?.name ?? '',
    company: client?.company ?? '',
    website: client?.website ?? '',
    contactName: client?.contactName ?? '',
    contactEmail: client?.contactEmail ?? '',
    contactPhone: client?.contactPhone ?? '',
    tags: client?.tags.join(', ') ?? '',
    totalSpend: client ? String(client.totalSpend) : '',
    lifetimeValue: client ? String(client.lifetimeValue) : '',
    installDate: client?.installDate ?? '',
    ownerId: client?.ownerId ?? '',
    notes: client?.notes ?? '',
  };
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());
const amount = (s: string) => (s.trim() === '' ? 0 : Number(s.replace(/[, $]/g, '')));

/** The API body for these values; with `original`, only the fields that changed. */
export function toInput(values: FormValues, original?: FormValues): ClientInput {
  const all: ClientInput = {
    name: values.name.trim(),
    company: values.company.trim(),
    website: orNull(values.website),
    contactName: orNull(values.contactName),
    contactEmail: orNull(values.contactEmail),
    contactPhone: orNull(values.contactPhone),
    tags: [...new Set(values.tags.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean))],
    totalSpend: amount(values.totalSpend),
    lifetimeValue: amount(values.lifetimeValue),
    installDate: orNull(values.installDate),
    ownerId: orNull(values.ownerId),
    notes: orNull(values.notes),
  };
  if (!original) return all;
  const changed = (Object.keys(values) as (keyof FormValues)[]).filter((k) => values[k] !== original[k]);
  return Object.fromEntries(changed.map((k) => [k, all[k as keyof ClientInput]])) as ClientInput;
}

interface Props {
  values: FormValues;
  onChange: (values: FormValues) => void;
  errors: Record<string, string>;
  /** Owner needs clients:assign; others see it read-only. */
  canAssign: boolean;
  readOnly?: boolean;
  autoFocus?: boolean;
}

const NO_OWNER = '__none__';

export function ClientFields({ values, onChange, errors, canAssign, readOnly = false, autoFocus = false }: Props) {
  const { members } = useTeam();
  const set = (key: keyof FormValues) => (event: { target: { value: string } }) => onChange({ ...values, [key]: event.target.value });
  const text = (key: keyof FormValues, label: string, props: Record<string, unknown> = {}) => (
    <Field label={label} error={errors[key]} required={key === 'name'}>
      <Input value={values[key]} onChange={set(key)} readOnly={readOnly} {...props} />
    </Field>
  );
  return (
    <div className="pl-form">
      {text('name', 'Name', { autoFocus, maxLength: 120 })}
      {text('company', 'Company', { maxLength: 120 })}
      {text('website', 'Website', { type: 'url', placeholder: 'https://' })}
      <div className="pl-form__row">
        {text('contactName', 'Contact')}
        {text('contactEmail', 'Contact email', { type: 'email' })}
      </div>
      <div className="pl-form__row">
        {text('contactPhone', 'Phone', { type: 'tel' })}
        {text('installDate', 'Install date', { type: 'date' })}
      </div>
      <div className="pl-form__row">
        {text('totalSpend', 'Total spend ($)', { inputMode: 'decimal' })}
        {text('lifetimeValue', 'Lifetime value ($)', { inputMode: 'decimal' })}
      </div>
      {text('tags', 'Tags', { placeholder: 'shopify, meta-capi' })}
      <Field label="Owner" error={errors.ownerId}>
        <Select
          value={values.ownerId || NO_OWNER}
          onValueChange={(v) => onChange({ ...values, ownerId: v === NO_OWNER ? '' : v })}
          disabled={readOnly || !canAssign}
          options={[{ value: NO_OWNER, label: 'No owner' }, ...members.map((m) => ({ value: m.id, label: m.name }))]}
        />
      </Field>
      <Field label="Notes" error={errors.notes}>
        <Textarea rows={4} value={values.notes} onChange={set('notes')} readOnly={readOnly} />
      </Field>
    </div>
  );
}
