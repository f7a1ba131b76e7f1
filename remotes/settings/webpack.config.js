// @ts-check
/** Container `aos_settings` → dist/remoteEntry.js, served at /remotes/settings/remoteEntry.js. */
const { createRemoteWebpackConfig } = require('@audienceos/remote-sdk/webpack/remote');

module.exports = createRemoteWebpackConfig({
  name: 'settings',
  dir: __dirname,
  exposes: { './config': './src/config.ts', './App': './src/App.tsx' },
});
