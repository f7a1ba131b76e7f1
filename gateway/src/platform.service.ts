/**
 * The gateway's own endpoints: the live module list, OpenAPI, health and metrics. It knows
 * no module: everything comes from Moleculer's registry and the manifests in it.
 */
import type { Context, ServiceSchema } from 'moleculer';
import type { CallerUser, Meta } from '@audienceos/module-sdk';
import { docsPage, docsScript, docsStyle } from './docs-page';
import { readiness } from './health';
import { prometheusText } from './metrics';
import { buildOpenApi } from './openapi';
import { enabledModules, forgetEnabledModules, isEnabled } from './enabled-modules';
import { forgetRegistrySnapshot, liveManifests, moduleVisibleTo } from './registry';

const AUTH_OPERATIONS = [
  { method: 'POST', path: '/api/v1/auth/login', summary: 'Sign in with email and password (sets the refresh cookie)', tag: 'auth', public: true,
    body: { type: 'object', required: ['email', 'password'], properties: { email: { type: 'string', format: 'email' }, password: { type: 'string' }, agency: { type: 'string' } } } },
  { method: 'POST', path: '/api/v1/auth/refresh', summary: 'New access token from the refresh cookie (rotates it)', tag: 'auth', public: true },
  { method: 'POST', path: '/api/v1/auth/logout', summary: 'Revoke the session and clear the cookie', tag: 'auth', public: true },
  { method: 'GET', path: '/api/v1/auth/me', summary: 'The signed-in user, agency and permissions', tag: 'auth' },
  { method: 'GET', path: '/api/v1/modules', summary: 'Modules that are up and allowed for the caller', tag: 'platform' },
  { method: 'GET', path: '/health/live', summary: 'Liveness', tag: 'platform', public: true },
  { method: 'GET', path: '/health/ready', summary: 'Readiness (database, broker)', tag: 'platform', public: true },
  { method: 'GET', path: '/metrics', summary: 'Prometheus metrics', tag: 'platform', public: true },
];

export function platformService(): ServiceSchema {
  return {
    name: 'platform',
    events: {
      'settings.modulesChanged': () => forgetEnabledModules(),
      // Local broker event: the registry changed (a node or service came or went).
      '$services.changed'(this: { broker: Context['broker'] }) {
        forgetRegistrySnapshot(this.broker);
      },
    },
    actions: {
      modules: {
        async handler(ctx: Context<unknown, Meta>) {
          const caller = ctx.meta.user as CallerUser;
          const enabled = await enabledModules(ctx);
          const modules = liveManifests(this.broker)
            .filter((m) => moduleVisibleTo(m, caller.role))
            .filter((m) => isEnabled(enabled, m.module))
            .map((m) => ({
              module: m.module,
              version: m.version,
              description: m.description ?? null,
              available: true,
              ui: m.ui ?? null,
              permissions: m.permissions.map((p) => p.name),
              kpis: m.kpis ?? [],
            }))
            .sort((a, b) => (a.ui?.nav.order ?? 999) - (b.ui?.nav.order ?? 999) || a.module.localeCompare(b.module));
          ctx.meta.$responseHeaders = { 'Cache-Control': 'no-store' };
          return { modules };
        },
      },
      openapi: {
        auth: 'public',
        handler(this: { broker: Context['broker'] }) {
          return buildOpenApi(this.broker, '/api/v1', AUTH_OPERATIONS);
        },
      },
      docs: { auth: 'public', handler: (ctx: Context<unknown, Meta>) => ((ctx.meta.$responseType = 'text/html; charset=utf-8'), docsPage) },
      docsStyle: { auth: 'public', handler: (ctx: Context<unknown, Meta>) => ((ctx.meta.$responseType = 'text/css; charset=utf-8'), docsStyle) },
      docsScript: { auth: 'public', handler: (ctx: Context<unknown, Meta>) => ((ctx.meta.$responseType = 'text/javascript; charset=utf-8'), docsScript) },
      live: { auth: 'public', handler: () => ({ status: 'live' }) },
      ready: {
        auth: 'public',
        async handler(ctx: Context<unknown, Meta>) {
          const result = await readiness(this.broker);
          if (result.status !== 'ready') ctx.meta.$statusCode = 503;
          return result;
        },
      },
      metrics: {
        auth: 'public',
        handler(ctx: Context<unknown, Meta>) {
          ctx.meta.$responseType = 'text/plain; version=0.0.4; charset=utf-8';
          return prometheusText(this.broker);
        },
      },
    },
  } as ServiceSchema;
}
