import type { Agency, User } from './entities';

export interface UserDto {
  id: string;
  agencyId: string;
  name: string;
  email: string;
  title: string | null;
  role: User['role'];
  active: boolean;
  lastActiveAt: string | null;
  createdAt: string;
}

export const userDto = (u: User): UserDto => ({
  id: u.id,
  agencyId: u.agencyId,
  name: u.name,
  email: u.email,
  title: u.title ?? null,
  role: u.role,
  active: u.active,
  lastActiveAt: u.lastActiveAt ? u.lastActiveAt.toISOString() : null,
  createdAt: u.createdAt.toISOString(),
});

export const agencyDto = (a: Agency) => ({ id: a.id, slug: a.slug, name: a.name });
