// @ts-check
/** Container `aos_dashboard` → dist/remoteEntry.js, served at /remotes/dashboard/remoteEntry.js. */
const { createRemoteWebpackConfig } = require('@audienceos/remote-sdk/webpack/remote');

module.exports = createRemoteWebpackConfig({
  name: 'dashboard',
  dir: __dirname,
  exposes: { './config': './src/config.ts', './App': './src/App.tsx' },
});
