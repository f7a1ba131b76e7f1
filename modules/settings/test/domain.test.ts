/** Pure rules of the settings module: profile checks, DTO defaults, the module list from a registry. */
import { checkProfile, isCurrency, isTimezone, profileDto } from '../src/domain/profile';
import { preferencesDto } from '../src/domain/preferences';
import { liveModules, moduleDto } from '../src/domain/modules';

const fieldsOf = (fn: () => void): string[] => {
  try {
    fn();
    return [];
  } catch (error) {
    return ((error as { data?: { field: string }[] }).data ?? []).map((d) => d.field).sort();
  }
};

describe('profile checks', () => {
  it('knows IANA zones and ISO currencies', () => {
    expect(isTimezone('Europe/London')).toBe(true);
    expect(isTimezone('UTC')).toBe(true);
    expect(isTimezone('Mars/Base')).toBe(false);
    expect(isCurrency('EUR')).toBe(true);
    expect(isCurrency('XYZ')).toBe(false);
  });

  it('reports every bad field at once', () => {
    expect(fieldsOf(() => checkProfile({ timezone: 'Nowhere', defaultCurrency: 'ABC', logoUrl: 'http://x.test/a.png', businessHours: { tue: { open: '10:00', close: '10:00' } } }))).toEqual([
      'businessHours.tue.close',
      'defaultCurrency',
      'logoUrl',
      'timezone',
    ]);
    expect(fieldsOf(() => checkProfile({ timezone: 'Asia/Tokyo', logoUrl: null, businessHours: { sat: null } }))).toEqual([]);
  });

  it('fills the defaults when there is no row', () => {
    expect(profileDto(null, 'Acme')).toMatchObject({ displayName: 'Acme', timezone: 'UTC', defaultCurrency: 'USD', logoUrl: null, updatedAt: null });
    expect(preferencesDto(null)).toMatchObject({ theme: 'system', landingModule: null, notifications: { mentions: true, weeklyDigest: false } });
  });
});

describe('modules from the registry', () => {
  const svc = (module: string, order?: number) => ({
    metadata: { audienceos: { module, version: '1', permissions: [], ...(order ? { ui: { remote: `aos_${module}`, entry: '', exposes: [], nav: { label: module.toUpperCase(), icon: 'x', path: `/${module}`, group: 'operations', order } } } : {}) } },
  });

  it('lists each module once, in navigation order, marking the required ones', () => {
    const broker = { registry: { getServiceList: () => [svc('tickets', 30), svc('identity'), svc('pipeline', 20), svc('pipeline', 20), { metadata: {} }, svc('settings', 90)] } };
    const list = liveModules(broker);
    expect(list.map((m) => m.module)).toEqual(['pipeline', 'tickets', 'settings', 'identity']);
    const dtos = list.map((m) => moduleDto(m, new Set(['tickets'])));
    expect(dtos.find((m) => m.module === 'tickets')).toMatchObject({ enabled: false, required: false, label: 'TICKETS', hasUi: true });
    expect(dtos.find((m) => m.module === 'identity')).toMatchObject({ enabled: true, required: true, label: 'Identity', hasUi: false });
  });
});
