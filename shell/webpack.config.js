// @ts-check
/**
 * The host. It knows no module at build time (`remotes: {}`): the module registry tells it at
 * run time which remotes exist, and it loads them with registerRemotes + loadRemote.
 * Served by the gateway at `/` with SPA fallback, hence the absolute publicPath (a relative one
 * would resolve chunks against deep links like /pipeline/clients/42).
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const { ModuleFederationPlugin } = require('@module-federation/enhanced/webpack');
const { createBaseConfig, modeFrom } = require('@audienceos/remote-sdk/webpack/base');
const { createSharedConfig } = require('@audienceos/remote-sdk/webpack/shared');

/**
 * public/theme-init.js runs before the bundle (blocking, in <head>) to set the theme before first
 * paint; it is emitted as a content-hashed file because the CSP forbids inline scripts.
 */
function themeInitScript() {
  const source = fs.readFileSync(path.join(__dirname, 'public/theme-init.js'), 'utf8');
  const hash = crypto.createHash('sha256').update(source).digest('hex').slice(0, 8);
  const filename = `theme-init.${hash}.js`;
  /** @type {import('webpack').WebpackPluginInstance} */
  const plugin = {
    apply(compiler) {
      compiler.hooks.thisCompilation.tap('ThemeInitScript', (compilation) => {
        compilation.hooks.processAssets.tap({ name: 'ThemeInitScript', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
          compilation.emitAsset(filename, new compiler.webpack.sources.RawSource(source));
        });
      });
    },
  };
  return { plugin, src: `/${filename}` };
}

module.exports = (/** @type {unknown} */ _env, /** @type {{ mode?: string }} */ argv) => {
  const mode = modeFrom(argv);
  const config = createBaseConfig({ dir: __dirname, mode, uniqueName: 'aos_shell', publicPath: '/' });
  config.entry = { main: './src/index.ts' };
  const themeInit = themeInitScript();
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
    themeInit.plugin,
    new HtmlWebpackPlugin({
      template: path.join(__dirname, 'public/index.html'),
      templateParameters: { themeInitSrc: themeInit.src },
      scriptLoading: 'defer',
      minify: mode === 'production',
    }),
  ];
  return config;
};
