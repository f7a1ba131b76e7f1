import { useState, type FormEvent } from 'react';
import { Button, errorMessage, Field, fieldErrors, Input, isApiError } from '@audienceos/remote-sdk';
import { signIn } from '../session/session-lifecycle';
import { agencyChoices, forgetAgency, rememberAgency, rememberedAgency, type AgencyOption } from './agency-choice';
import { AuthCard } from './AuthCard';

function describeLoginError(error: unknown): string {
  if (isApiError(error)) {
    if (error.type === 'INVALID_CREDENTIALS' || error.code === 401) return error.message || 'Wrong email or password.';
    if (error.code === 429) {
      const wait = error.retryAfter ? ` Try again in ${error.retryAfter} s.` : ' Try again in a moment.';
      return `${error.message || 'Too many sign-in attempts.'}${error.message?.includes('Try again') ? '' : wait}`;
    }
  }
  return errorMessage(error);
}

/**
 * Email + password. Enter submits (it is a form); the API's message is shown as it is. When
 * the email belongs to several agencies the API answers 409 AGENCY_CHOICE_REQUIRED: the page
 * lists them, and the choice is remembered on this browser for that email.
 */
export function LoginPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [choices, setChoices] = useState<AgencyOption[] | null>(null);
  const [, setRememberVersion] = useState(0);
  const fields = fieldErrors(error);
  const remembered = email.includes('@') ? rememberedAgency(email) : null;

  const attempt = async (agency?: AgencyOption) => {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      await signIn(email.trim(), password, agency?.slug);
      if (agency) rememberAgency(email, agency);
      // The session status is now "authenticated": the /login route redirects by itself.
    } catch (err) {
      const offered = isApiError(err) && err.type === 'AGENCY_CHOICE_REQUIRED' ? agencyChoices(err.data) : null;
      if (offered) {
        setChoices(offered);
      } else {
        setError(err);
      }
      setPending(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void attempt(remembered ?? undefined);
  };

  const forget = () => {
    forgetAgency(email);
    setRememberVersion((v) => v + 1);
  };

  const formError = error && Object.keys(fields).length === 0 ? describeLoginError(error) : null;

  return (
    <AuthCard title="Sign in to the Command Center" titleId="login-title" error={formError} errorTestId="login-error" onSubmit={submit}>
      <Field label="Email" error={fields.email}>
        <Input
          type="email"
          name="email"
          autoComplete="username"
          autoFocus
          required
          value={email}
          onChange={(e) => {
            setEmail(e.target.value);
            setChoices(null);
          }}
          placeholder="you@agency.com"
        />
      </Field>
      <Field label="Password" error={fields.password}>
        <Input
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
            setChoices(null);
          }}
        />
      </Field>
      {remembered && !choices && (
        <p className="shell-login__agency" data-testid="login-remembered-agency">
          Signing in to <strong>{remembered.name}</strong>.{' '}
          <button type="button" className="shell-login__link" onClick={forget}>
            Choose another agency
          </button>
        </p>
      )}
      {choices ? (
        <fieldset className="shell-login__choices" data-testid="login-agency-choice">
          <legend>This email belongs to several agencies. Which one do you want to open?</legend>
          {choices.map((agency, i) => (
            <Button key={agency.slug} type="button" variant={i === 0 ? 'primary' : 'secondary'} autoFocus={i === 0} disabled={pending} onClick={() => void attempt(agency)}>
              {agency.name}
            </Button>
          ))}
          <button type="button" className="shell-login__link" onClick={() => setChoices(null)}>
            Back
          </button>
        </fieldset>
      ) : (
        <Button type="submit" variant="primary" loading={pending} className="shell-login__submit">
          Sign in
        </Button>
      )}
    </AuthCard>
  );
}
