#!/usr/bin/env node
// Build the shell and every remote whose build is missing or older than its sources (or the
// remote SDK's). `npm start` and `npm test` call it, so a fresh clone builds once and later
// runs are instant. Plain JavaScript: it runs before anything is compiled.
'use strict';
const { spawnSync } = require('node:child_process');
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
  if (fs.existsSync(remotes)) for (const d of fs.readdirSync(remotes).sort()) if (d !== 'sdk') dirs.push(path.join(remotes, d));
  return dirs.filter((d) => {
    const pkg = path.join(d, 'package.json');
    return fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).scripts?.build;
  });
}

function builtAt(dir) {
  for (const marker of ['index.html', 'remoteEntry.js']) {
    const file = path.join(dir, 'dist', marker);
    if (fs.existsSync(file)) return fs.statSync(file).mtimeMs;
  }
  return 0;
}

function staleWebPackages() {
  const sdkChanged = Math.max(newestMtime(path.join(root, 'remotes', 'sdk', 'src')), newestMtime(path.join(root, 'remotes', 'sdk', 'webpack')));
  return webPackages().filter((dir) => {
    const built = builtAt(dir);
    return built === 0 || Math.max(newestMtime(path.join(dir, 'src')), sdkChanged) > built;
  });
}

/** Returns the packages that failed to build. */
function buildWeb({ force = false } = {}) {
  const targets = force ? webPackages() : staleWebPackages();
  const failed = [];
  if (targets.length) console.log(`Building ${targets.map((d) => path.relative(root, d)).join(', ')}…`);
  for (const dir of targets) {
    const res = spawnSync('npm', ['run', 'build'], { cwd: dir, stdio: 'inherit' });
    if (res.status !== 0) failed.push(path.relative(root, dir));
  }
  return failed;
}

module.exports = { buildWeb, staleWebPackages };

if (require.main === module) {
  const failed = buildWeb({ force: process.argv.includes('--force') });
  if (failed.length) {
    console.error(`Build failed: ${failed.join(', ')}`);
    process.exit(1);
  }
}
