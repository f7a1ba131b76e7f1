// @ts-check
/**
 * One call per remote:
 *
 *   // remotes/pipeline/webpack.config.js
 *   const { createRemoteWebpackConfig } = require('@audienceos/remote-sdk/webpack/remote');
 *   module.exports = createRemoteWebpackConfig({
 *     name: 'pipeline',
 *     dir: __dirname,
 *     exposes: { './config': './src/config.ts', './App': './src/App.tsx' },
 *   });
 *
 * Produces `<dir>/dist/remoteEntry.js` (container `aos_pipeline`), served by the gateway at
 * `/remotes/pipeline/remoteEntry.js`. `publicPath: 'auto'` makes chunks load from wherever the
 * entry was loaded from, so the remote does not need to know its URL.
 */
const { ModuleFederationPlugin } = require('@module-federation/enhanced/webpack');
const { createBaseConfig, modeFrom } = require('./base');
const { createSharedConfig } = require('./shared');

/** `knowledge-base` → `aos_knowledge_base` (a valid JS identifier, used as the container global). */
function federationName(moduleId) {
  return `aos_${moduleId.replace(/-/g, '_')}`;
}

/**
 * @param {{ name: string, dir: string, exposes: Record<string, string>, configure?: (config: import('webpack').Configuration) => import('webpack').Configuration | void }} options
 *   `name` is the module id (`pipeline`, `knowledge-base`); `configure` may adjust the result.
 */
function createRemoteWebpackConfig({ name, dir, exposes, configure }) {
  if (!exposes['./config'] || !exposes['./App']) {
    throw new Error(`createRemoteWebpackConfig(${name}): a remote must expose './config' and './App'`);
  }
  const container = federationName(name);
  return (/** @type {unknown} */ _env, /** @type {{ mode?: string }} */ argv) => {
    const mode = modeFrom(argv);
    const config = createBaseConfig({ dir, mode, uniqueName: container, publicPath: 'auto' });
    config.entry = {}; // the container entry (remoteEntry.js) is added by the plugin
    config.plugins = [
      new ModuleFederationPlugin({
        name: container,
        filename: 'remoteEntry.js',
        exposes,
        shared: createSharedConfig(),
        shareStrategy: 'loaded-first',
        dts: false,
        dev: false,
        manifest: false,
      }),
    ];
    return (configure && configure(config)) || config;
  };
}

module.exports = { createRemoteWebpackConfig, federationName };
