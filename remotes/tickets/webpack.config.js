// @ts-check
/** Container `aos_tickets` → dist/remoteEntry.js, served at /remotes/tickets/remoteEntry.js. */
const { createRemoteWebpackConfig } = require('@audienceos/remote-sdk/webpack/remote');

module.exports = createRemoteWebpackConfig({
  name: 'tickets',
  dir: __dirname,
  exposes: { './config': './src/config.ts', './App': './src/App.tsx' },
});
