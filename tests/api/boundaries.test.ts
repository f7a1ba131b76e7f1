/**
 * The architecture's import boundaries are lint errors (eslint.config.mjs): checked here on
 * probe sources, so that a weakened rule fails the suite rather than passing silently.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');

// The ESLint CLI in a child process: its flat config is an ES module, which jest's VM cannot import.
async function problems(file: string, code: string): Promise<string[]> {
  const res = spawnSync(process.execPath, [path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', '--stdin', '--stdin-filename', file], { cwd: root, input: code, encoding: 'utf8' });
  const [result] = JSON.parse(res.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return result!.messages.filter((m) => m.ruleId?.endsWith('no-restricted-imports')).map((m) => m.message);
}

describe('import boundaries', () => {
  it('a module may not import another module, the gateway or db', async () => {
    expect(await problems('modules/tickets/src/probe.ts', "import x from '@audienceos/module-pipeline';\nexport default x;\n")).toHaveLength(1);
    expect(await problems('modules/tickets/src/probe.ts', "import { demo } from '@audienceos/db';\nexport default demo;\n")).toHaveLength(1);
    expect(await problems('modules/tickets/src/probe.ts', "import { x } from '../../../gateway/src/index';\nexport default x;\n")).toHaveLength(1);
    expect(await problems('modules/tickets/src/probe.ts', "import { errors } from '@audienceos/module-sdk';\nexport default errors;\n")).toHaveLength(0);
  });

  it('a remote may not import another remote or the shell; module API types only as types', async () => {
    expect(await problems('remotes/pipeline/src/probe.ts', "import '@audienceos/remote-tickets';\n")).toHaveLength(1);
    expect(await problems('remotes/pipeline/src/probe.ts', "import '@audienceos/shell';\n")).toHaveLength(1);
    expect(await problems('remotes/pipeline/src/probe.ts', "import { x } from '@audienceos/module-pipeline';\nexport default x;\n")).toHaveLength(1);
    expect(await problems('remotes/pipeline/src/probe.ts', "import type { UserDto } from '@audienceos/module-identity';\nexport type U = UserDto;\n")).toHaveLength(0);
  });

  it('the shell never imports a remote', async () => {
    expect(await problems('shell/src/probe.ts', "import '@audienceos/remote-pipeline';\n")).toHaveLength(1);
  });
});
