/**
 * Team: identity's users. Owners and admins (users:manage) invite people (the one-time token
 * is shown once), change roles and deactivate; everyone else sees the list.
 */
import { Copy, UserPlus, Users } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import {
  Avatar,
  Badge,
  Button,
  Dialog,
  EmptyState,
  ErrorState,
  Field,
  Input,
  Select,
  SkeletonText,
  toast,
  useCan,
  useCurrentUser,
  useMutation,
  useQuery,
  type Role,
} from '@audienceos/remote-sdk';
import { settingsApi, type Invitation, type TeamMember } from '../api';
import { ReadOnlyNote, Section } from '../shared/Section';

const ROLES: { value: Role; label: string }[] = [
  { value: 'owner', label: 'Owner' },
  { value: 'admin', label: 'Admin' },
  { value: 'manager', label: 'Manager' },
  { value: 'member', label: 'Member' },
];
const roleLabel = (role: Role) => ROLES.find((r) => r.value === role)?.label ?? role;

export function TeamSection() {
  const canManage = useCan('users:manage');
  const me = useCurrentUser();
  const team = useQuery((signal) => settingsApi.team(signal), []);
  const invitations = useQuery((signal) => settingsApi.invitations(signal), [], { enabled: canManage });
  const [inviting, setInviting] = useState(false);
  const roleOptions = ROLES.filter((r) => r.value !== 'owner' || me?.role === 'owner');

  const patchMember = (member: TeamMember) => team.setData((list) => (list ?? []).map((m) => (m.id === member.id ? member : m)));
  const optimistic = (id: string, change: Partial<TeamMember>) => {
    const before = team.data;
    team.setData((list) => (list ?? []).map((m) => (m.id === id ? { ...m, ...change } : m)));
    return () => before && team.setData(before);
  };

  const changeRole = useMutation((v: { member: TeamMember; role: Role }) => settingsApi.changeRole(v.member.id, v.role), {
    optimistic: (v) => optimistic(v.member.id, { role: v.role }),
    onSuccess: patchMember,
    errorToast: (_e, v) => `${v.member.name} stays ${roleLabel(v.member.role)}`,
  });
  const setActive = useMutation((v: { member: TeamMember; active: boolean }) => (v.active ? settingsApi.activate(v.member.id) : settingsApi.deactivate(v.member.id)), {
    optimistic: (v) => optimistic(v.member.id, { active: v.active }),
    onSuccess: (member) => {
      patchMember(member);
      toast.success(member.active ? `${member.name} can sign in again` : `${member.name} is deactivated`);
    },
    errorToast: (_e, v) => `${v.member.name} is still ${v.member.active ? 'active' : 'deactivated'}`,
  });

  const [resent, setResent] = useState<Invitation | null>(null);
  const [resending, setResending] = useState<string | null>(null);
  const revoke = useMutation((inv: Invitation) => settingsApi.revokeInvitation(inv.id), {
    optimistic: (inv) => {
      const before = invitations.data;
      invitations.setData((list) => (list ?? []).filter((i) => i.id !== inv.id));
      return () => before && invitations.setData(before);
    },
    onSuccess: (_r, inv) => toast.success(`The invitation for ${inv.email} no longer works`),
    errorToast: (_e, inv) => `The invitation for ${inv.email} still works`,
  });
  const resend = useMutation((inv: Invitation) => settingsApi.resendInvitation(inv.id).finally(() => setResending(null)), {
    onSuccess: (inv) => {
      setResent(inv);
      invitations.reload();
    },
    errorToast: (_e, inv) => `Could not make a new link for ${inv.email}`,
  });
  const open = (invitations.data ?? []).filter((i) => i.status === undefined || i.status === 'pending' || i.status === 'expired');

  if (team.error && !team.data) return <ErrorState title="Could not load the team" error={team.error} onRetry={team.reload} />;

  return (
    <Section
      title="Team"
      description="Everyone who works in this agency, their role, and pending invitations."
      actions={
        canManage ? (
          <Button variant="primary" icon={<UserPlus />} onClick={() => setInviting(true)}>
            Invite
          </Button>
        ) : undefined
      }
    >
      {!canManage && <ReadOnlyNote>Only owners and admins can invite people or change roles.</ReadOnlyNote>}
      {!team.data ? (
        <SkeletonText lines={5} label="Loading the team" />
      ) : team.data.length === 0 ? (
        <EmptyState icon={<Users />} title="No one here yet" description="Invite your colleagues to work on clients and tickets together." />
      ) : (
        <div className="aos-table-wrap">
          <table className="aos-table st-team">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col" data-align="right">
                  <span className="st-sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {team.data.map((m) => {
                const self = m.id === me?.id;
                const ownerLocked = m.role === 'owner' && me?.role !== 'owner';
                return (
                  <tr key={m.id} data-user-id={m.id}>
                    <td>
                      <span className="st-person">
                        <Avatar name={m.name} seed={m.id} size={24} decorative />
                        <span>
                          <span className="st-person__name">
                            {m.name}
                            {self && <span className="st-muted"> (you)</span>}
                          </span>
                          <span className="st-muted st-person__email">{m.email}</span>
                        </span>
                      </span>
                    </td>
                    <td>
                      {canManage && !self && !ownerLocked ? (
                        <Select
                          aria-label={`Role of ${m.name}`}
                          value={m.role}
                          options={roleOptions}
                          disabled={!m.active}
                          onValueChange={(role) => role !== m.role && void changeRole.mutate({ member: m, role: role as Role })}
                        />
                      ) : (
                        roleLabel(m.role)
                      )}
                    </td>
                    <td>{m.active ? <Badge tone="success">Active</Badge> : <Badge>Deactivated</Badge>}</td>
                    <td data-align="right">
                      {canManage && !self && !ownerLocked && (
                        <Button size="sm" variant={m.active ? 'ghost' : 'secondary'} onClick={() => void setActive.mutate({ member: m, active: !m.active })}>
                          {m.active ? 'Deactivate' : 'Reactivate'}
                        </Button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {canManage && open.length > 0 && (
        <>
          <h3 className="st-subtitle">Pending invitations</h3>
          <ul className="st-list" data-testid="pending-invitations">
            {open.map((inv) => (
              <li key={inv.id} className="st-list__row">
                <span>
                  {inv.email} <span className="st-muted">· {roleLabel(inv.role)}</span>
                </span>
                {inv.status === 'expired' ? (
                  <Badge>expired</Badge>
                ) : (
                  inv.expiresAt && <span className="st-muted">expires {new Date(inv.expiresAt).toLocaleDateString()}</span>
                )}
                <span className="st-list__actions">
                  <Button size="sm" onClick={() => {
                      setResending(inv.id);
                      void resend.mutate(inv);
                    }}
                    loading={resending === inv.id} aria-label={`Send a new link to ${inv.email}`}>
                    New link
                  </Button>
                  <Button size="sm" variant="danger" onClick={() => void revoke.mutate(inv)} aria-label={`Revoke the invitation for ${inv.email}`}>
                    Revoke
                  </Button>
                </span>
              </li>
            ))}
          </ul>
        </>
      )}

      {canManage && (
        <Dialog
          open={resent !== null}
          onOpenChange={(next) => !next && setResent(null)}
          title="New invitation link"
          description="Copy the link now: it is shown only once. The earlier link no longer works."
          footer={
            <Button variant="primary" onClick={() => setResent(null)}>
              Done
            </Button>
          }
        >
          {resent?.token && (
            <Field label={`Invitation link for ${resent.email}`}>
              <Input readOnly value={`${window.location.origin}/invitations/accept?token=${encodeURIComponent(resent.token)}`} onFocus={(e) => e.currentTarget.select()} data-testid="resent-link" />
            </Field>
          )}
        </Dialog>
      )}

      {canManage && (
        <InviteDialog
          open={inviting}
          onOpenChange={setInviting}
          roleOptions={roleOptions}
          onInvited={() => invitations.reload()}
        />
      )}
    </Section>
  );
}

function InviteDialog({ open, onOpenChange, roleOptions, onInvited }: { open: boolean; onOpenChange: (open: boolean) => void; roleOptions: { value: Role; label: string }[]; onInvited: () => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [sent, setSent] = useState<Invitation | null>(null);
  const invite = useMutation((body: { email: string; role: Role }) => settingsApi.invite(body), {
    onSuccess: (inv) => {
      setSent(inv);
      onInvited();
    },
  });
  const close = (next: boolean) => {
    if (!next) {
      setEmail('');
      setRole('member');
      setSent(null);
      invite.reset();
    }
    onOpenChange(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void invite.mutate({ email: email.trim(), role });
  };
  const link = sent?.token ? `${window.location.origin}/invitations/accept?token=${encodeURIComponent(sent.token)}` : '';

  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title={sent ? 'Invitation created' : 'Invite a person'}
      description={sent ? 'Copy the link now: it is shown only once.' : 'They join with the role you pick; you can change it later.'}
      footer={
        sent ? (
          <Button variant="primary" onClick={() => close(false)}>
            Done
          </Button>
        ) : (
          <>
            <Button onClick={() => close(false)}>Cancel</Button>
            <Button type="submit" form="st-invite-form" variant="primary" loading={invite.pending}>
              Send invitation
            </Button>
          </>
        )
      }
    >
      {sent ? (
        <div className="st-invite-result">
          <Field label={`Invitation link for ${sent.email}`} hint="Anyone with this link can join as this person until it expires.">
            <Input readOnly value={link} onFocus={(e) => e.currentTarget.select()} data-testid="invite-link" />
          </Field>
          <Button
            icon={<Copy />}
            onClick={() => {
              void navigator.clipboard?.writeText(link).then(
                () => toast.success('Link copied'),
                () => toast.error('Could not copy', 'Select the link and copy it by hand.'),
              );
            }}
          >
            Copy link
          </Button>
          <p className="st-muted">
            Token: <code className="st-code">{sent.token}</code>
          </p>
        </div>
      ) : (
        <form id="st-invite-form" className="st-form" onSubmit={submit} noValidate>
          <Field label="Email" error={invite.fieldErrors.email} required>
            <Input type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoFocus autoComplete="off" />
          </Field>
          <Field label="Role" error={invite.fieldErrors.role}>
            <Select value={role} onValueChange={(v) => setRole(v as Role)} options={roleOptions} aria-label="Role" />
          </Field>
          {invite.error && !Object.keys(invite.fieldErrors).length ? <ErrorState compact title="Could not invite" error={invite.error} /> : null}
        </form>
      )}
    </Dialog>
  );
}
