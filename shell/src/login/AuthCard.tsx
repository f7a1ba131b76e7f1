import type { FormEvent, ReactNode } from 'react';

/** The frame of the signed-out pages (sign in, accept an invitation): brand, title, form error. */
export function AuthCard({
  title,
  titleId,
  error,
  errorTestId,
  onSubmit,
  children,
}: {
  title: string;
  titleId: string;
  error: string | null;
  errorTestId: string;
  onSubmit: (event: FormEvent) => void;
  children: ReactNode;
}) {
  return (
    <div className="shell-login">
      <form className="shell-login__card" onSubmit={onSubmit} noValidate aria-labelledby={titleId}>
        <div className="shell-login__brand">
          <span className="shell-sidebar__logo" aria-hidden="true">
            <span>A</span>
          </span>
          <span>AudienceOS</span>
        </div>
        <h1 id={titleId} className="shell-login__title">
          {title}
        </h1>
        {error && (
          <div className="shell-login__error" role="alert" data-testid={errorTestId}>
            {error}
          </div>
        )}
        {children}
      </form>
    </div>
  );
}
