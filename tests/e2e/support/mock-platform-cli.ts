// Manual check of the shell without the backend:
//   node --import tsx tests/e2e/support/mock-platform-cli.ts   (prints the URL and the login)
import path from 'node:path';
import { FIXTURE_MODULES, FIXTURE_REMOTES, FIXTURE_USERS, SHELL_DIST, buildShellAndFixtures } from './fixture-setup';
import { startMockPlatform } from './mock-platform';

async function main() {
  buildShellAndFixtures();
  const platform = await startMockPlatform({
    shellDir: SHELL_DIST,
    remoteDirs: Object.fromEntries(Object.entries(FIXTURE_REMOTES).map(([id, dir]) => [id, path.join(dir, 'dist')])),
    modules: FIXTURE_MODULES,
    users: FIXTURE_USERS,
  });
  console.log(`mock platform on ${platform.url} — sign in as ${FIXTURE_USERS[0].email} / ${FIXTURE_USERS[0].password}`);
}

void main();
