/**
 * The agency a person chose at sign-in, remembered on this browser per email address
 * (localStorage), so that one email in two agencies is asked only once per browser.
 */
export interface AgencyOption {
  slug: string;
  name: string;
}

const KEY = 'aos.signIn.agencyChoice';

function read(): Record<string, AgencyOption> {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '{}') as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, AgencyOption>) : {};
  } catch {
    return {};
  }
}

const keyOf = (email: string) => email.trim().toLowerCase();

export function rememberedAgency(email: string): AgencyOption | null {
  const found = read()[keyOf(email)];
  return found && typeof found.slug === 'string' && typeof found.name === 'string' ? found : null;
}

export function rememberAgency(email: string, agency: AgencyOption): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ ...read(), [keyOf(email)]: { slug: agency.slug, name: agency.name } }));
  } catch {
    /* storage full or blocked: the person is asked again next time */
  }
}

export function forgetAgency(email: string): void {
  try {
    const all = read();
    delete all[keyOf(email)];
    localStorage.setItem(KEY, JSON.stringify(all));
  } catch {
    /* nothing to forget */
  }
}

/** The agencies offered by a 409 AGENCY_CHOICE_REQUIRED answer's `data`, or null. */
export function agencyChoices(data: unknown): AgencyOption[] | null {
  const list = (data as { agencies?: unknown } | null)?.agencies;
  if (!Array.isArray(list)) return null;
  const ok = list.filter((a): a is AgencyOption => !!a && typeof a.slug === 'string' && typeof a.name === 'string');
  return ok.length ? ok : null;
}
