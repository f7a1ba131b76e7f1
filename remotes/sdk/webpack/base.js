// @ts-check
/**
 * The webpack settings the shell and the remotes have in common: TypeScript/TSX through
 * swc-loader (type checking is a separate `tsc --noEmit`), plain CSS through
 * style-loader + css-loader, content-hashed chunks, minified production builds.
 */
const path = require('node:path');
const { reactRouterProductionBuild } = require('./shared');

/** @param {'production' | 'development'} mode */
function swcRule(mode) {
  return {
    test: /\.[cm]?[jt]sx?$/,
    exclude: /node_modules/,
    use: {
      loader: 'swc-loader',
      options: {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          target: 'es2020',
          transform: { react: { runtime: 'automatic', development: mode === 'development', refresh: false } },
        },
      },
    },
  };
}

/**
 * Content-hashed entry chunks. The federation runtime asks for the entry's file name before
 * hashes exist (only to work out the output folder depth); a hash-free name is fine for that.
 * @param {any} pathData
 */
function entryFilename(pathData) {
  const hashed = pathData && pathData.chunk && pathData.chunk.contentHash && pathData.chunk.contentHash.javascript;
  return hashed ? '[name].[contenthash:8].js' : '[name].js';
}

/**
 * @param {{ dir: string, mode: 'production' | 'development', uniqueName: string, publicPath: string }} options
 * @returns {import('webpack').Configuration}
 */
function createBaseConfig({ dir, mode, uniqueName, publicPath }) {
  const production = mode === 'production';
  return {
    mode,
    context: dir,
    target: 'web',
    // Production: maps are written (for our own error triage) but not referenced from the
    // bundles, and the gateway does not serve *.map unless SERVE_SOURCE_MAPS=true.
    devtool: production ? 'hidden-source-map' : 'eval-cheap-module-source-map',
    resolve: {
      extensions: ['.tsx', '.ts', '.jsx', '.mjs', '.js', '.json'],
      alias: { 'react-router-production-build$': reactRouterProductionBuild() },
    },
    module: {
      rules: [swcRule(mode), { test: /\.css$/, use: ['style-loader', 'css-loader'] }],
    },
    output: {
      path: path.join(dir, 'dist'),
      publicPath,
      // Several webpack runtimes share one page: a unique name keeps their chunk globals apart.
      uniqueName,
      filename: production ? entryFilename : '[name].js',
      chunkFilename: production ? '[name].[contenthash:8].js' : '[name].js',
      clean: true,
    },
    optimization: { minimize: production, moduleIds: production ? 'deterministic' : 'named' },
    // Budgets are checked explicitly (shell/scripts/check-bundle-size.js), not by warnings.
    performance: { hints: false },
    stats: 'errors-warnings',
    infrastructureLogging: { level: 'warn' },
  };
}

/** webpack-cli passes `--mode` in argv; fall back to NODE_ENV, then production. */
function modeFrom(argv) {
  const mode = (argv && argv.mode) || (process.env.NODE_ENV === 'development' ? 'development' : 'production');
  return mode === 'development' ? 'development' : 'production';
}

module.exports = { createBaseConfig, modeFrom, swcRule };
