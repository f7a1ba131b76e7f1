/**
 * The API calls of the settings screen. Settings owns the profile, preferences and module
 * switches; everything else is edited through its own module's API (identity, pipeline, tickets).
 */
import { api, ifMatch, type ModulesResponse, type Role } from '@audienceos/remote-sdk';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export interface OpeningHours {
  open: string;
  close: string;
}
export type BusinessHours = Record<Weekday, OpeningHours | null>;

export interface Profile {
  displayName: string;
  timezone: string;
  businessHours: BusinessHours;
  /** Whole days closed (`YYYY-MM-DD` in the agency zone): SLA clocks do not run. */
  holidays: string[];
  /** SLA clocks stop while a ticket waits on the client. */
  slaPauseWhileWaiting: boolean;
  logoUrl: string | null;
  defaultCurrency: string;
  updatedAt: string | null;
  /** Sent back as If-Match: a save over someone else's newer save is refused (412). */
  version?: string;
}

export type Theme = 'system' | 'light' | 'dark';
export interface Notifications {
  mentions: boolean;
  assignments: boolean;
  ticketUpdates: boolean;
  clientMessages: boolean;
  weeklyDigest: boolean;
}
export interface Preferences {
  theme: Theme;
  notifications: Notifications;
  landingModule: string | null;
  updatedAt: string | null;
}

export interface ModuleSetting {
  module: string;
  label: string;
  description: string | null;
  version: string;
  icon: string | null;
  hasUi: boolean;
  required: boolean;
  enabled: boolean;
}

export interface TeamMember {
  id: string;
  name: string;
  email: string;
  title: string | null;
  role: Role;
  active: boolean;
  lastActiveAt: string | null;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  expiresAt?: string;
  /** `pending`, `expired`, `accepted` or `revoked` (identity computes it). */
  status?: 'pending' | 'expired' | 'accepted' | 'revoked';
  token?: string;
}

export interface Stage {
  key: string;
  name: string;
  position: number;
}
export interface Thresholds {
  yellowAfterDays: number;
  redAfterDays: number;
}

export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Priority = (typeof PRIORITIES)[number];
export interface SlaTargets {
  firstResponseMinutes: number;
  resolutionMinutes: number;
}
export type SlaPolicy = Record<Priority, SlaTargets>;
/** GET/PUT /tickets/sla-policy answer: the targets and their version (a content hash). */
export interface VersionedSlaPolicy {
  policy: SlaPolicy;
  version: string;
}

export const settingsApi = {
  profile: (signal?: AbortSignal) => api.get<Profile>('/settings/profile', { signal }),
  updateProfile: (patch: Partial<Omit<Profile, 'updatedAt' | 'version'>>, version?: string) =>
    api.patch<Profile>('/settings/profile', patch, { headers: ifMatch(version) }),
  preferences: (signal?: AbortSignal) => api.get<Preferences>('/settings/preferences', { signal }),
  updatePreferences: (patch: Partial<Omit<Preferences, 'updatedAt' | 'notifications'>> & { notifications?: Partial<Notifications> }) =>
    api.patch<Preferences>('/settings/preferences', patch),
  modules: (signal?: AbortSignal) => api.get<{ items: ModuleSetting[] }>('/settings/modules', { signal }).then((r) => r.items),
  setDisabled: (disabled: string[]) => api.put<{ items: ModuleSetting[] }>('/settings/modules', { disabled }).then((r) => r.items),
  /** The gateway's list: modules that are up, on for the agency and visible to the caller. */
  available: (signal?: AbortSignal) => api.get<ModulesResponse>('/modules', { signal }).then((r) => r.modules.map((m) => m.module)),

  team: (signal?: AbortSignal) => api.get<{ items: TeamMember[] }>('/users', { query: { limit: 100 }, signal }).then((r) => r.items),
  invitations: (signal?: AbortSignal) => api.get<{ items: Invitation[] }>('/invitations', { signal }).then((r) => r.items),
  invite: (body: { email: string; role: Role }) => api.post<Invitation>('/invitations', body),
  revokeInvitation: (id: string) => api.delete<unknown>(`/invitations/${id}`),
  /** A new one-time link for the invitation (the old link stops working). */
  resendInvitation: (id: string) => api.post<Invitation>(`/invitations/${id}/resend`, {}),
  changeRole: (id: string, role: Role) => api.patch<TeamMember>(`/users/${id}/role`, { role }),
  deactivate: (id: string) => api.post<TeamMember>(`/users/${id}/deactivate`, {}),
  activate: (id: string) => api.post<TeamMember>(`/users/${id}/activate`, {}),

  stages: (signal?: AbortSignal) => api.get<{ items: Stage[] }>('/clients/stages', { signal }).then((r) => r.items),
  replaceStages: (stages: { key?: string; name: string }[]) =>
    api.put<{ items: Stage[] }>('/clients/stages', { stages }).then((r) => r.items),
  thresholds: (signal?: AbortSignal) => api.get<Thresholds>('/clients/health-thresholds', { signal }),
  setThresholds: (t: Thresholds) => api.put<Thresholds>('/clients/health-thresholds', t),

  /** The policy with its version (the ETag a save names as If-Match). */
  slaPolicy: (signal?: AbortSignal) => api.get<VersionedSlaPolicy>('/tickets/sla-policy', { signal }),
  /** Saves the changed priorities; 412 (`conflictOf`) when the policy changed since `version` was loaded. */
  setSlaPolicy: (policy: Partial<SlaPolicy>, version?: string) =>
    api.put<VersionedSlaPolicy>('/tickets/sla-policy', { policy }, { headers: ifMatch(version) }),
};
