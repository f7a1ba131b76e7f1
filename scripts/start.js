#!/usr/bin/env node
// `npm start`: build the shell and any remote whose build is missing or older than its
// sources (a fresh clone builds once, later starts are instant), then run the product in
// one process. Plain JavaScript so that it runs before anything is compiled.
'use strict';
const { spawnSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function webPackages() {
  const dirs = [path.join(root, 'shell')];
  const remotes = path.join(root, 'remotes');
  if (fs.existsSync(remotes)) for (const d of fs.readdirSync(remotes)) if (d !== 'sdk') dirs.push(path.join(remotes, d));
  return dirs.filter((d) => fs.existsSync(path.join(d, 'package.json')) && JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8')).scripts?.build);
}

const sdkChanged = newestMtime(path.join(root, 'remotes', 'sdk', 'src'));
const stale = webPackages().filter((dir) => {
  const marker = path.join(dir, 'dist', 'index.html');
  const entry = path.join(dir, 'dist', 'remoteEntry.js');
  const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : fs.existsSync(entry) ? fs.statSync(entry).mtimeMs : 0;
  return built === 0 || Math.max(newestMtime(path.join(dir, 'src')), sdkChanged) > built;
});

if (stale.length && process.env.SKIP_WEB_BUILD !== 'true') {
  console.log(`Building ${stale.map((d) => path.relative(root, d)).join(', ')} (first start or changed sources)…`);
  for (const dir of stale) {
    const res = spawnSync('npm', ['run', 'build'], { cwd: dir, stdio: 'inherit' });
    if (res.status !== 0) {
      console.error(`Build of ${path.relative(root, dir)} failed: the API still starts, that screen will not load.`);
    }
  }
}

const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'src', 'cli', 'start.ts')], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
