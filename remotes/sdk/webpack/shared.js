// @ts-check
/**
 * Module Federation `shared` config used by the shell and every remote. Only these are shared,
 * as strict singletons: two Reacts break hooks, two jotai copies break the store, two routers
 * break navigation, two SDKs split the session. Versions come from the root package.json (the
 * one place where external versions are pinned), so every build asks for the same thing.
 * Everything else is bundled by whoever uses it.
 */
const fs = require('node:fs');
const path = require('node:path');

const SHARED_PACKAGES = ['react', 'react-dom', 'react-router', 'jotai'];
const SDK_PACKAGE = '@audienceos/remote-sdk';
const REACT_ROUTER_DECLARATIVE = path.join(__dirname, 'react-router-declarative.mjs');

/** Alias used by react-router-declarative.mjs: react-router's production build, which its exports map hides. */
function reactRouterProductionBuild() {
  const developmentEntry = require.resolve('react-router', { paths: [__dirname] }); // dist/development/index.js
  return path.join(path.dirname(developmentEntry), '..', 'production', 'index.mjs');
}

/** The workspace root: the nearest package.json with "workspaces", above this file. */
function findRootPackageJson(from = __dirname) {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8'));
      if (pkg.workspaces) return pkg;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('createSharedConfig: no workspace root package.json found above ' + from);
    dir = parent;
  }
}

/** @returns {Record<string, { singleton: true, strictVersion: true, requiredVersion: string, version?: string }>} */
function createSharedConfig() {
  const root = findRootPackageJson();
  const pinned = { ...root.devDependencies, ...root.dependencies };
  /** @type {ReturnType<typeof createSharedConfig>} */
  const shared = {};
  for (const name of SHARED_PACKAGES) {
    const version = pinned[name];
    if (!version) throw new Error(`createSharedConfig: ${name} must be pinned in the root package.json`);
    shared[name] = { singleton: true, strictVersion: true, requiredVersion: version };
  }
  // Provide the declarative subset of react-router (see react-router-declarative.mjs for why).
  Object.assign(shared['react-router'], {
    import: REACT_ROUTER_DECLARATIVE,
    shareKey: 'react-router',
    version: pinned['react-router'],
    packageName: 'react-router',
  });
  const sdk = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  // Caret (0.1.x): a remote built against an earlier patch of the SDK keeps working.
  shared[SDK_PACKAGE] = { singleton: true, strictVersion: true, requiredVersion: `^${sdk.version}`, version: sdk.version };
  return shared;
}

module.exports = { createSharedConfig, findRootPackageJson, reactRouterProductionBuild, SHARED_PACKAGES, SDK_PACKAGE };
