/**
 * @audienceos/gateway — the HTTP edge: `createGatewayServices()` returns the moleculer-web
 * API service plus the gateway's own `session` (auth endpoints) and `platform` (modules,
 * OpenAPI, health, metrics) services, ready for `broker.createService()`.
 */
import type { ServiceSchema } from 'moleculer';
import type passport from 'passport';
import { apiService, withRequestMeta } from './api.service';
import { gatewayConfig, type GatewayConfig } from './config';
import { platformService } from './platform.service';
import { sessionService } from './session.service';
import { sessionVersionsService } from './session-versions';
import { liveService } from './live.service';

export { gatewayConfig } from './config';
export type { GatewayConfig } from './config';
export { closeHealthPool } from './health';
export { missingRouteAliases, waitForRouteAliases } from './route-readiness';
export { toErrorBody } from './errors';
export { sessionVersionsOf } from './session-versions';
export { liveHubOf } from './live-hub';

export function createGatewayServices(overrides: Partial<GatewayConfig> = {}): ServiceSchema[] {
  const config = gatewayConfig(overrides);
  let pp: passport.PassportStatic | null = null;
  const api = withRequestMeta(apiService(config, (p) => (pp = p)), config);
  const session = sessionService(config, () => {
    if (!pp) throw new Error('The API gateway service has not been created yet');
    return pp;
  });
  return [api, session, platformService(), sessionVersionsService(), liveService()];
}
