// @ts-check
/** Container `aos_automations` → dist/remoteEntry.js, served at /remotes/automations/remoteEntry.js. */
const { createRemoteWebpackConfig } = require('@audienceos/remote-sdk/webpack/remote');

module.exports = createRemoteWebpackConfig({
  name: 'automations',
  dir: __dirname,
  exposes: { './config': './src/config.ts', './App': './src/App.tsx' },
});
