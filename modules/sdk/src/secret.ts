/**
 * The platform secret signs access tokens (gateway) and caller assertions (every module).
 * `AUTH_SECRET` in production; on a developer machine a random one kept in `.data/` so that
 * every process of the same checkout (one-process or distributed) agrees and restarts keep
 * sessions.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@audienceos/db';

let cached: string | null = null;

export function platformSecret(): string {
  if (cached) return cached;
  if (process.env.AUTH_SECRET) {
    if (process.env.AUTH_SECRET.length < 32) throw new Error('AUTH_SECRET must be at least 32 characters');
    return (cached = process.env.AUTH_SECRET);
  }
  const file = path.join(repoRoot(), '.data', 'auth-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return (cached = fs.readFileSync(file, 'utf8').trim());
}
