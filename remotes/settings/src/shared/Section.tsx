import type { ReactNode } from 'react';

/** A settings section: its title, one line on what it is for, then its content. */
export function Section({ title, description, actions, children }: { title: string; description?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="st-section" aria-labelledby="st-section-title">
      <header className="st-section__header">
        <div>
          <h2 id="st-section-title" className="st-section__title">
            {title}
          </h2>
          {description && <p className="st-section__description">{description}</p>}
        </div>
        {actions && <div className="st-section__actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

/** A read-only note for people whose role cannot change this section. */
export function ReadOnlyNote({ children }: { children: ReactNode }) {
  return (
    <p className="st-readonly" role="note">
      {children}
    </p>
  );
}
