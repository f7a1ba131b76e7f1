import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { MockModule, MockUser } from './mock-platform';

export const ROOT = path.resolve(__dirname, '../../..');
export const SHELL_DIST = path.join(ROOT, 'shell/dist');
const FIXTURES = path.join(ROOT, 'tests/e2e/fixtures/remotes');

export const FIXTURE_REMOTES = { 'fixture-alpha': path.join(FIXTURES, 'alpha'), 'fixture-beta': path.join(FIXTURES, 'beta') };

export const FIXTURE_MODULES: MockModule[] = [
  { module: 'fixture-alpha', nav: { label: 'Alpha', icon: 'kanban', path: '/alpha', group: 'operations', order: 10 } },
  { module: 'fixture-beta', nav: { label: 'Beta', icon: 'ticket', path: '/beta', group: 'resources', order: 40 } },
];

export const FIXTURE_USERS: MockUser[] = [
  { id: 'u-casey', name: 'Casey Fixture', email: 'casey@example.test', password: 'correct horse', role: 'manager', permissions: ['clients:read'] },
];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function isStale(projectDir: string, extraSources: string[] = []): boolean {
  const marker = path.join(projectDir, 'dist', 'index.html');
  const entry = path.join(projectDir, 'dist', 'remoteEntry.js');
  const built = existsSync(marker) ? statSync(marker).mtimeMs : existsSync(entry) ? statSync(entry).mtimeMs : 0;
  if (!built) return true;
  return [projectDir, ...extraSources].some((dir) => newestMtime(dir) > built);
}

function webpack(configDir: string): void {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/webpack-cli/bin/cli.js'), '--config', path.join(configDir, 'webpack.config.js'), '--mode', 'production'], {
    cwd: configDir,
    stdio: 'inherit',
  });
}

/** Build the shell and the fixture remotes when their sources are newer than their dist. */
export function buildShellAndFixtures(): void {
  const sdkSrc = path.join(ROOT, 'remotes/sdk');
  if (isStale(path.join(ROOT, 'shell'), [sdkSrc])) webpack(path.join(ROOT, 'shell'));
  for (const dir of Object.values(FIXTURE_REMOTES)) {
    if (isStale(dir, [sdkSrc])) webpack(dir);
  }
}
