import { GitCompareArrows } from 'lucide-react';
import type { FieldChange } from '../api/versions';
import { Button } from './Button';
import { cx } from './cx';

export interface ConflictNoticeProps {
  /** What the other person changed (from `changedFields`); empty when only unlisted fields changed. */
  changes: FieldChange[];
  /** Take their version (discard mine). */
  onReload: () => void;
  /** Save mine over theirs. */
  onOverwrite: () => void;
  /** True while the overwrite is being saved. */
  pending?: boolean;
  className?: string;
}

/**
 * Shown when a save met a newer version (412): who-changed-what in a few lines, and the two
 * ways out. Announced (role="alert"); Reload is first in the tab order because it is safe.
 */
export function ConflictNotice({ changes, onReload, onOverwrite, pending, className }: ConflictNoticeProps) {
  return (
    <div className={cx('aos-conflict', className)} role="alert" aria-label="Edit conflict">
      <div className="aos-conflict__title">
        <GitCompareArrows aria-hidden="true" /> Someone else changed this while you were editing
      </div>
      {changes.length > 0 ? (
        <ul className="aos-conflict__changes">
          {changes.map((c) => (
            <li key={c.field}>
              <span className="aos-conflict__label">{c.label}</span> is now <strong>{c.theirs}</strong>
            </li>
          ))}
        </ul>
      ) : (
        <p className="aos-conflict__changes">Their change is saved; your change was not.</p>
      )}
      <div className="aos-conflict__actions">
        <Button size="sm" onClick={onReload} disabled={pending}>
          Reload
        </Button>
        <Button size="sm" variant="primary" onClick={onOverwrite} disabled={pending}>
          Overwrite
        </Button>
      </div>
    </div>
  );
}
