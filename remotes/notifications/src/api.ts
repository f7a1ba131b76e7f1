/**
 * The notifications API as these screens use it (shapes restated: a remote imports only the remote SDK).
 */
import { api, ifMatch } from '@audienceos/remote-sdk';

export interface KindPreference {
  id: string;
  label: string;
  inApp: boolean;
  email: boolean;
}

export interface Preferences {
  kinds: KindPreference[];
  mutedClientIds: string[];
  quietHours: { start: string; end: string } | null;
  timeZone: string | null;
  digest: boolean;
  digestHour: number;
  emailAvailable: boolean;
  version: number;
}

export interface AttentionItem {
  id: string;
  kind: string;
  title: string;
  detail: string;
  url: string;
  severity: 'warning' | 'critical';
  clientId: string | null;
  openedAt: string;
  updatedAt: string;
}

export interface ClientOption {
  id: string;
  name: string;
}

export const notificationsApi = {
  preferences: (signal?: AbortSignal) => api.get<Preferences>('/notifications/preferences', { signal }),
  savePreferences: (body: Partial<Omit<Preferences, 'kinds' | 'emailAvailable' | 'version'>> & { kinds?: Record<string, { inApp: boolean; email: boolean }> }, version: number) =>
    api.put<Preferences>('/notifications/preferences', body, { headers: ifMatch(version) }),
  attention: (signal?: AbortSignal) => api.get<{ items: AttentionItem[] }>('/notifications/attention', { query: { limit: 20 }, signal }),
  dismiss: (id: string) => api.post(`/notifications/attention/${id}/dismiss`),
  snooze: (id: string, minutes: number) => api.post(`/notifications/attention/${id}/snooze`, { minutes }),
  clients: async (signal?: AbortSignal) => (await api.get<{ items: ClientOption[] }>('/clients', { query: { limit: 100 }, signal })).items,
};
