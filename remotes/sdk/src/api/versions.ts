/**
 * Optimistic concurrency on the screen side (issue 9 §8). Records carry `version`; a write
 * sends the version the screen loaded as `If-Match`, and the API answers 412
 * PRECONDITION_FAILED with the record as it is now (`data.current`) when someone saved in
 * between. The screen then shows what changed and offers "Reload" (take theirs) or
 * "Overwrite" (send mine again against their version) — see `ConflictNotice`.
 */
import { isApiError } from './api-error';

/** Headers for a write of a record loaded at `version` (none when the version is unknown). */
export function ifMatch(version: number | string | null | undefined): Record<string, string> {
  return version === null || version === undefined || version === '' ? {} : { 'If-Match': `"${version}"` };
}

export interface Conflict<T> {
  /** The record as saved now (what the other person made of it). */
  current: T;
  /** Its version: send it as If-Match to overwrite. */
  version: number | string;
}

/** The 412's current record, or null when `error` is not a version conflict. */
export function conflictOf<T>(error: unknown): Conflict<T> | null {
  if (!isApiError(error) || error.code !== 412) return null;
  const data = error.data as { current?: T; version?: number | string } | null | undefined;
  if (!data || data.current === undefined || data.version === undefined || data.version === null) return null;
  return { current: data.current, version: data.version };
}

export interface FieldChange {
  field: string;
  label: string;
  /** Their value, formatted for people. */
  theirs: string;
}

const plain = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '—';
  return String(value);
};

/**
 * The fields (of `labels`) that differ between what the screen loaded and the record as it is
 * now, in `labels` order, with their new value formatted by `format` (default: plain text).
 */
export function changedFields<T extends object>(
  loaded: T,
  current: T,
  labels: Partial<Record<keyof T & string, string>>,
  format: (field: keyof T & string, value: unknown) => string = (_f, v) => plain(v),
): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [field, label] of Object.entries(labels) as [keyof T & string, string][]) {
    const a = (loaded as Record<string, unknown>)[field];
    const b = (current as Record<string, unknown>)[field];
    if (JSON.stringify(a ?? null) !== JSON.stringify(b ?? null)) out.push({ field, label, theirs: format(field, b) });
  }
  return out;
}
