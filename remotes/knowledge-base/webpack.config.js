// @ts-check
/** Container `aos_knowledge_base` → dist/remoteEntry.js, served at /remotes/knowledge-base/remoteEntry.js. */
const { createRemoteWebpackConfig } = require('@audienceos/remote-sdk/webpack/remote');

module.exports = createRemoteWebpackConfig({
  name: 'knowledge-base',
  dir: __dirname,
  exposes: { './config': './src/config.ts', './App': './src/App.tsx' },
});
