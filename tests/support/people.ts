/** Extra people for trust tests: invited by an owner/admin and accepted through the real API. */
import { request } from './app';

export const STRONG_PASSWORD = 'violet kettle harbour 1987 sings';

export interface Person {
  id: string;
  email: string;
  password: string;
}

/** Invite `email` as `role` with `inviterToken` and accept it; resolves with the new user. */
export async function addPerson(base: string, inviterToken: string, email: string, role: 'owner' | 'admin' | 'manager' | 'member', name = 'Test Person'): Promise<Person> {
  const invite = await request(base, 'POST', '/api/v1/invitations', { token: inviterToken, body: { email, role } });
  if (invite.status !== 201) throw new Error(`invite ${email}: ${invite.status} ${JSON.stringify(invite.body)}`);
  const accept = await request(base, 'POST', '/api/v1/invitations/accept', { body: { token: invite.body.token, name, password: STRONG_PASSWORD } });
  if (accept.status !== 201) throw new Error(`accept ${email}: ${accept.status} ${JSON.stringify(accept.body)}`);
  return { id: accept.body.id, email, password: STRONG_PASSWORD };
}

/** Sign in and return the access token and the refresh cookie (`name=value`). */
export async function signIn(base: string, email: string, password: string, agency?: string): Promise<{ token: string; cookie: string }> {
  const res = await request(base, 'POST', '/api/v1/auth/login', { body: { email, password, ...(agency ? { agency } : {}) } });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.accessToken, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! };
}
