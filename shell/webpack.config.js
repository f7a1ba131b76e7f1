// @ts-check
/**
 * The host. It knows no module at build time (`remotes: {}`): the module registry tells it at
 * run time which remotes exist, and it loads them with registerRemotes + loadRemote.
 * Served by the gateway at `/` with SPA fallback, hence the absolute publicPath (a relative one
 * would resolve chunks against deep links like /pipeline/clients/42).
 */
const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const { ModuleFederationPlugin } = require('@module-federation/enhanced/webpack');
const { createBaseConfig, modeFrom } = require('@audienceos/remote-sdk/webpack/base');
const { createSharedConfig } = require('@audienceos/remote-sdk/webpack/shared');

module.exports = (/** @type {unknown} */ _env, /** @type {{ mode?: string }} */ argv) => {
  const mode = modeFrom(argv);
  const config = createBaseConfig({ dir: __dirname, mode, uniqueName: 'aos_shell', publicPath: '/' });
  config.entry = { main: './src/index.ts' };
  config.plugins = [
    new ModuleFederationPlugin({
      name: 'aos_shell',
      remotes: {},
      shared: createSharedConfig(),
      // A remote that is down must not stall the shared scope for everyone else.
      shareStrategy: 'loaded-first',
      dts: false,
      dev: false,
      manifest: false,
    }),
    new HtmlWebpackPlugin({
      template: path.join(__dirname, 'public/index.html'),
      scriptLoading: 'defer',
      minify: mode === 'production',
    }),
  ];
  return config;
};
