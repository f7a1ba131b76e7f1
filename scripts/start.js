#!/usr/bin/env node
// `npm start`: build what is missing or stale of the shell and remotes, then run the whole
// product in one process (server/src/cli/start.ts).
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');
const { buildWeb } = require('./build-web');

const root = path.resolve(__dirname, '..');
if (process.env.SKIP_WEB_BUILD !== 'true') {
  const failed = buildWeb();
  if (failed.length) console.error(`Could not build ${failed.join(', ')}: the API starts anyway; those screens will not load.`);
}
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'src', 'cli', 'start.ts')], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
