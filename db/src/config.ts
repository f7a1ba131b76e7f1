import path from 'node:path';
import fs from 'node:fs';

/** The repository root: the nearest folder upwards whose package.json declares workspaces. */
export function repoRoot(from = __dirname): string {
  let dir = from;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).workspaces) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export const DEFAULT_EMBEDDED_PORT = 54329;
export const DEFAULT_DATABASE_NAME = 'audienceos';

export function embeddedDataDir(): string {
  return process.env.EMBEDDED_PG_DIR ?? path.join(repoRoot(), '.data', 'pg');
}

export function embeddedPort(): number {
  return Number(process.env.EMBEDDED_PG_PORT ?? DEFAULT_EMBEDDED_PORT);
}
