/**
 * Issue 8 §6: `/metrics` needs a bearer token (METRICS_TOKEN) or lives on an internal port
 * (METRICS_PORT); production source maps are not served; security headers stay.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { RunningApp } from '@audienceos/server';
import { staticFiles } from '../../gateway/src/static';
import { securityHeaders } from '../../gateway/src/http';
import { request, startTestApp, TEST_METRICS_TOKEN, type TestApp } from '../support/app';

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe('/metrics on the public port with METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ modules: ['identity'] });
  });
  afterAll(() => t.stop());

  it('no token → 401, a wrong token → 401, a user access token → 401, the metrics token → 200', async () => {
    const none = await t.request('GET', '/metrics');
    expect(none.status).toBe(401);
    expect(none.body).toEqual(expect.objectContaining({ code: 401, type: 'UNAUTHORIZED' }));
    expect((await t.request('GET', '/metrics', { token: 'wrong' })).status).toBe(401);
    expect((await t.request('GET', '/metrics', { token: await t.login('luke') })).status).toBe(401);
    const ok = await t.request('GET', '/metrics', { token: TEST_METRICS_TOKEN });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatch(/# TYPE moleculer_request_total counter/);
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('/metrics on an internal port with METRICS_PORT', () => {
  let app: RunningApp;
  let port: number;
  const saved = { ...process.env };
  beforeAll(async () => {
    port = await freePort();
    process.env.METRICS_PORT = String(port);
    delete process.env.METRICS_TOKEN;
    const t = await startTestApp({ modules: ['identity'] });
    app = t.app;
    (app as RunningApp & { testStop?: () => Promise<void> }).testStop = () => t.stop();
  });
  afterAll(async () => {
    Object.assign(process.env, saved);
    await (app as RunningApp & { testStop: () => Promise<void> }).testStop();
  });

  it('is served on 127.0.0.1:<METRICS_PORT> and not on the public port', async () => {
    const publicBase = app.url!.replace('localhost', '127.0.0.1');
    expect((await request(publicBase, 'GET', '/metrics')).status).toBe(404);
    const internal = await request(`http://127.0.0.1:${port}`, 'GET', '/metrics');
    expect(internal.status).toBe(200);
    expect(internal.body).toMatch(/moleculer_request_total/);
  });
});

describe('source maps of production builds are not served', () => {
  let server: http.Server;
  let base: string;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aos-static-'));
  beforeAll(async () => {
    fs.mkdirSync(path.join(root, 'shell', 'dist'), { recursive: true });
    fs.mkdirSync(path.join(root, 'remotes', 'pipeline', 'dist'), { recursive: true });
    fs.writeFileSync(path.join(root, 'shell', 'dist', 'main.1234.js'), 'console.log(1)');
    fs.writeFileSync(path.join(root, 'shell', 'dist', 'main.1234.js.map'), '{"version":3,"sources":["secret.ts"]}');
    fs.writeFileSync(path.join(root, 'remotes', 'pipeline', 'dist', 'remoteEntry.js.map'), '{}');
    const serve = staticFiles(root);
    server = http.createServer((req, res) =>
      securityHeaders(req, res, () =>
        serve(req, res, () => {
          res.writeHead(404);
          res.end();
        }),
      ),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('the bundle is served with security headers, its .map is 404 (shell and remotes)', async () => {
    const js = await fetch(`${base}/main.1234.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect((await fetch(`${base}/main.1234.js.map`)).status).toBe(404);
    expect((await fetch(`${base}/remotes/pipeline/remoteEntry.js.map`)).status).toBe(404);
  });

  it('the production webpack config references no source map from the bundles', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createBaseConfig } = require('../../remotes/sdk/webpack/base.js');
    const config = createBaseConfig({ dir: root, mode: 'production', uniqueName: 'probe', publicPath: 'auto' });
    expect(config.devtool).toBe('hidden-source-map');
  });
});
