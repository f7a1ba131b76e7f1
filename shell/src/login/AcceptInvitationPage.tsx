import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api, Button, errorMessage, Field, fieldErrors, Input, isApiError } from '@audienceos/remote-sdk';
import { signIn } from '../session/session-lifecycle';
import { AuthCard } from './AuthCard';

/**
 * The invitation link (`/invitations/accept?token=…`, made in Settings → Team): the invitee
 * chooses a name and password, the account is created with the invited role, and they are
 * signed in straight away.
 */
export function AcceptInvitationPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [name, setName] = useState('');
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
      const user = await api.post<{ email: string }>('/invitations/accept', { token, name: name.trim(), password });
      await signIn(user.email, password); // the session status flips: the app takes over
    } catch (err) {
      setError(err);
      setPending(false);
    }
  };

  const gone = isApiError(error) && (error.code === 404 || error.type === 'INVITATION_EXPIRED');
  const formError = !token
    ? 'This link has no invitation in it. Ask for a new one.'
    : gone
      ? 'This invitation is no longer valid (used, revoked or expired). Ask for a new one.'
      : error && Object.keys(fields).length === 0
        ? errorMessage(error)
        : null;

  return (
    <AuthCard
      title="Join your team on the Command Center"
      titleId="accept-title"
      error={formError}
      errorTestId="accept-error"
      onSubmit={submit}
    >
      <Field label="Your name" error={fields.name}>
        <Input name="name" autoComplete="name" autoFocus required value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label="Choose a password" error={fields.password} hint="At least 12 characters">
        <Input
          type="password"
          name="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      <Button type="submit" variant="primary" loading={pending} disabled={!token} className="shell-login__submit">
        Create my account
      </Button>
    </AuthCard>
  );
}
