import { useState, type FormEvent } from 'react';
import { Button, errorMessage, Field, fieldErrors, Input, isApiError } from '@audienceos/remote-sdk';
import { signIn } from '../session/session-lifecycle';
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

/** Email + password. Enter submits (it is a form); the API's message is shown as it is. */
export function LoginPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fields = fieldErrors(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      // The session status is now "authenticated": the /login route redirects by itself.
    } catch (err) {
      setError(err);
      setPending(false);
    }
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
          onChange={(e) => setEmail(e.target.value)}
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
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      <Button type="submit" variant="primary" loading={pending} className="shell-login__submit">
        Sign in
      </Button>
    </AuthCard>
  );
}
