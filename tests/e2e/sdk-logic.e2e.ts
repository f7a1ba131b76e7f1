/**
 * The SDK's and the shell's decision logic, without a browser: the API client's single
 * refresh-and-retry, error mapping for forms, KPI deltas, permission matching, the registry's
 * availability rules and the shortcut letters. (In the e2e project because the web packages
 * have no jest project of their own; these need no server.)
 */
import { ApiError, fieldErrors, errorMessage } from '../../remotes/sdk/src/api/api-error';
import { apiRequest, buildUrl } from '../../remotes/sdk/src/api/client';
import { appStore } from '../../remotes/sdk/src/state/store';
import { accessTokenAtom, permissionMatches, sessionStatusAtom } from '../../remotes/sdk/src/state/session';
import { formatKpi, kpiChange } from '../../remotes/sdk/src/ui/kpi-math';
import { initialsOf } from '../../remotes/sdk/src/ui/initials';
import { mergeKnownScreens, type KnownScreen } from '../../shell/src/registry/known-screens';
import { navShortcuts } from '../../shell/src/hotkeys/nav-shortcuts';
import type { ModuleManifest } from '../../remotes/sdk/src/contract/api-types';

type FetchCall = { url: string; auth: string | null };

function jsonResponse(status: number, body: unknown): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** Stub fetch: /auth/refresh answers from `refresh`, everything else from `api`. */
function stubFetch(api: (call: FetchCall) => Response, refresh: () => Response) {
  const calls: FetchCall[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const call = { url, auth: headers.Authorization ?? null };
    calls.push(call);
    await new Promise((r) => setTimeout(r, 5));
    return url.endsWith('/auth/refresh') ? refresh() : api(call);
  }) as typeof fetch;
  return calls;
}

describe('API client', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
    appStore.set(accessTokenAtom, null);
  });

  test('paths are relative to /api/v1 unless they start with /api/; empty query values are dropped', () => {
    expect(buildUrl('/clients', { stage: 'live', q: '', owner: null, tag: ['a', 'b'] })).toBe('/api/v1/clients?stage=live&tag=a&tag=b');
    expect(buildUrl('/api/v1/auth/me')).toBe('/api/v1/auth/me');
  });

  test('a 401 refreshes once — shared by concurrent calls — and retries each call once with the new token', async () => {
    appStore.set(accessTokenAtom, 'old');
    let refreshes = 0;
    const calls = stubFetch(
      (call) => (call.auth === 'Bearer new' ? jsonResponse(200, { ok: true }) : jsonResponse(401, { name: 'E', message: 'expired', code: 401, type: 'TOKEN_EXPIRED' })),
      () => {
        refreshes += 1;
        return jsonResponse(200, { accessToken: 'new', expiresIn: 900 });
      },
    );
    const results = await Promise.all([apiRequest('/a'), apiRequest('/b'), apiRequest('/c')]);
    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(refreshes).toBe(1);
    expect(calls.filter((c) => c.auth === 'Bearer new')).toHaveLength(3);
    expect(appStore.get(accessTokenAtom)).toBe('new');
  });

  test('when the refresh fails the session is cleared and the original 401 surfaces as ApiError', async () => {
    appStore.set(accessTokenAtom, 'old');
    appStore.set(sessionStatusAtom, 'authenticated');
    stubFetch(
      () => jsonResponse(401, { name: 'UnAuthorizedError', message: 'Unauthorized', code: 401, type: 'INVALID_TOKEN', data: null }),
      () => jsonResponse(401, { message: 'no session' }),
    );
    const error = await apiRequest('/a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).type).toBe('INVALID_TOKEN');
    expect(appStore.get(accessTokenAtom)).toBeNull();
    expect(appStore.get(sessionStatusAtom)).toBe('anonymous');
  });

  test('non-JSON failures and network failures still become ApiErrors', async () => {
    globalThis.fetch = (async () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })) as typeof fetch;
    await expect(apiRequest('/x', { auth: false })).rejects.toMatchObject({ code: 502, type: 'HTTP_ERROR' });
    globalThis.fetch = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const offline = await apiRequest('/x', { auth: false }).catch((e: unknown) => e);
    expect(offline).toMatchObject({ code: 0, type: 'NETWORK_ERROR' });
    expect(errorMessage(offline)).toMatch(/Cannot reach the server/);
  });

  test('422 details become a {field: message} map (first message per field)', () => {
    const error = new ApiError({
      message: 'Parameters validation error!',
      code: 422,
      type: 'VALIDATION_ERROR',
      data: [
        { field: 'email', message: 'Email is required', type: 'required' },
        { field: 'email', message: 'Email is invalid', type: 'email' },
        { field: 'name', message: 'Too short', type: 'stringMin' },
      ],
    });
    expect(fieldErrors(error)).toEqual({ email: 'Email is required', name: 'Too short' });
    expect(fieldErrors(new ApiError({ message: 'x', code: 500 }))).toEqual({});
  });
});

describe('KPI figures', () => {
  test('green means better: up for normal metrics, down for lower-is-better', () => {
    expect(kpiChange(120, 100)).toEqual({ percent: 20, change: 20, trend: 'better' });
    expect(kpiChange(80, 100)).toEqual({ percent: -20, change: -20, trend: 'worse' });
    expect(kpiChange(80, 100, true)).toEqual({ percent: -20, change: -20, trend: 'better' });
    expect(kpiChange(0, 0)).toEqual({ percent: null, change: 0, trend: 'flat' });
  });

  test('a small previous value gives the absolute change, not "+3500 %"', () => {
    expect(kpiChange(36, 1)).toEqual({ percent: null, change: 35, trend: 'better' });
    expect(kpiChange(5, 0)).toEqual({ percent: null, change: 5, trend: 'better' }); // no percentage from zero
    expect(kpiChange(3, 9.9, true)).toEqual({ percent: null, change: -6.9, trend: 'better' });
    expect(kpiChange(12, 10).percent).toBe(20);
  });

  test('formats', () => {
    expect(formatKpi(5400, 'duration')).toBe('1h 30m');
    expect(formatKpi(42.5, 'percent')).toBe('42.5%');
  });
});

describe('session helpers', () => {
  test('permissions: exact, resource wildcard, everything', () => {
    expect(permissionMatches(['clients:read'], 'clients:read')).toBe(true);
    expect(permissionMatches(['clients:read'], 'clients:write')).toBe(false);
    expect(permissionMatches(['clients:*'], 'clients:write')).toBe(true);
    expect(permissionMatches(['*'], 'tickets:write')).toBe(true);
  });

  test('initials', () => {
    expect(initialsOf('Josh Rivera')).toBe('JR');
    expect(initialsOf('garrett')).toBe('GA');
    expect(initialsOf('  ')).toBe('?');
  });
});

describe('module registry', () => {
  const manifest = (module: string, version = '0.1.0'): ModuleManifest => ({
    module,
    version,
    available: true,
    permissions: [],
    ui: { remote: `aos_${module}`, entry: `/remotes/${module}/remoteEntry.js`, nav: { label: module, icon: 'kanban', path: `/${module}`, group: 'operations', order: 1 } },
  });

  test('a module that drops out stays known as unavailable; when it comes back or is redeployed its generation moves on', () => {
    let screens: Record<string, KnownScreen> = mergeKnownScreens({}, [manifest('pipeline'), manifest('tickets')]);
    expect(Object.values(screens).map((s) => [s.module, s.available, s.generation])).toEqual([
      ['pipeline', true, 0],
      ['tickets', true, 0],
    ]);
    screens = mergeKnownScreens(screens, [manifest('pipeline')]);
    expect(screens.tickets).toMatchObject({ available: false, generation: 0 });
    screens = mergeKnownScreens(screens, [manifest('pipeline'), manifest('tickets')]);
    expect(screens.tickets).toMatchObject({ available: true, generation: 1 });
    screens = mergeKnownScreens(screens, [manifest('pipeline', '0.2.0'), manifest('tickets')]);
    expect(screens.pipeline).toMatchObject({ version: '0.2.0', generation: 1 });
    expect(screens.tickets.generation).toBe(1);
  });

  test('modules without a screen are not navigation', () => {
    const screens = mergeKnownScreens({}, [{ ...manifest('identity'), ui: null }]);
    expect(screens).toEqual({});
  });

  test('g-shortcuts take the first free letter of each label', () => {
    expect(
      navShortcuts([
        { module: 'dashboard', label: 'Dashboard' },
        { module: 'pipeline', label: 'Pipeline' },
        { module: 'tickets', label: 'Tickets' },
        { module: 'communications', label: 'Communications' },
        { module: 'knowledge-base', label: 'Knowledge Base' },
        { module: 'automations', label: 'Automations' },
        { module: 'settings', label: 'Settings' },
        { module: 'support', label: 'Support' },
      ]),
    ).toEqual({
      dashboard: 'g d',
      pipeline: 'g p',
      tickets: 'g t',
      communications: 'g c',
      'knowledge-base': 'g k',
      automations: 'g a',
      settings: 'g s',
      support: 'g u',
    });
  });
});
