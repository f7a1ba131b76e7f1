/**
 * The agency's team (`GET /users`), for owner avatars, pickers and "who did it" lines. Loaded
 * once per screen and shared through context; unknown ids render as "Former teammate".
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { Avatar, useQuery } from '@audienceos/remote-sdk';
import { pipelineApi, type TeamMember } from '../api';

interface Team {
  members: TeamMember[];
  byId: Map<string, TeamMember>;
  nameOf: (id: string | null | undefined) => string;
}

const TeamContext = createContext<Team>({ members: [], byId: new Map(), nameOf: () => '' });

export function TeamProvider({ children }: { children: ReactNode }) {
  // The board works without names: a failing /users only costs the avatars their initials.
  const query = useQuery((signal) => pipelineApi.team(signal).catch(() => [] as TeamMember[]), []);
  const team = useMemo<Team>(() => {
    const members = (query.data ?? []).filter((m) => m.active);
    const byId = new Map((query.data ?? []).map((m) => [m.id, m]));
    return { members, byId, nameOf: (id) => (id ? (byId.get(id)?.name ?? 'Former teammate') : 'Nobody') };
  }, [query.data]);
  return <TeamContext.Provider value={team}>{children}</TeamContext.Provider>;
}

export const useTeam = () => useContext(TeamContext);

export function UserAvatar({ userId, size = 20 }: { userId: string | null; size?: number }) {
  const { byId, nameOf } = useTeam();
  if (!userId) return <span className="pl-avatar-empty" aria-label="No owner" role="img" style={{ width: size, height: size }} />;
  return <Avatar name={byId.get(userId)?.name ?? nameOf(userId)} seed={userId} size={size} />;
}
