/**
 * My preferences: the theme applies the moment it is picked (and is saved to the account),
 * notification switches save optimistically, the landing module is one of the screens that
 * are on for the agency. A failed save puts the previous value back and says so.
 */
import { ErrorState, Field, Select, SkeletonText, useMutation, useQuery, useThemePreference, type ThemePreference } from '@audienceos/remote-sdk';
import { settingsApi, type Notifications, type Preferences, type Theme } from '../api';
import { Section } from '../shared/Section';
import { Switch } from '../shared/Switch';

const THEMES: { value: Theme; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

const NOTIFICATIONS: { key: keyof Notifications; label: string; hint: string }[] = [
  { key: 'mentions', label: 'Mentions', hint: 'Someone mentions you in a note or a reply.' },
  { key: 'assignments', label: 'Assignments', hint: 'A client, task or ticket is assigned to you.' },
  { key: 'ticketUpdates', label: 'Ticket updates', hint: 'Status changes and replies on tickets you follow.' },
  { key: 'clientMessages', label: 'Client messages', hint: 'A client message waits for your reply.' },
  { key: 'weeklyDigest', label: 'Weekly digest', hint: 'A Monday summary of your clients and tickets.' },
];
const NO_LANDING = '__none';

type PrefPatch = Parameters<typeof settingsApi.updatePreferences>[0];

export function PreferencesSection() {
  const prefs = useQuery((signal) => settingsApi.preferences(signal), []);
  const modules = useQuery((signal) => settingsApi.modules(signal), []);
  const [theme, setTheme] = useThemePreference();

  const save = useMutation((patch: PrefPatch) => settingsApi.updatePreferences(patch), {
    optimistic: (patch) => {
      const before = prefs.data;
      const previousTheme = theme;
      if (patch.theme) setTheme(patch.theme as ThemePreference);
      prefs.setData((p) => (p ? { ...p, ...patch, notifications: { ...p.notifications, ...(patch.notifications ?? {}) } } : (p as unknown as Preferences)));
      return () => {
        if (patch.theme) setTheme(previousTheme);
        if (before) prefs.setData(before);
      };
    },
    onSuccess: (saved) => prefs.setData(saved),
    errorToast: (_e, patch) =>
      patch.theme ? 'Theme not saved: back to the previous one' : patch.notifications ? 'Notification choice not saved: switched back' : 'Landing page not saved: back to the previous one',
  });

  if (prefs.error && !prefs.data) return <ErrorState title="Could not load your preferences" error={prefs.error} onRetry={prefs.reload} />;
  const data = prefs.data;
  const landingOptions = [
    { value: NO_LANDING, label: 'The first screen in the sidebar' },
    ...(modules.data ?? []).filter((m) => m.hasUi && m.enabled).map((m) => ({ value: m.module, label: m.label })),
  ];

  return (
    <Section title="My preferences" description="Only for you: how the Command Center looks, what it tells you about, and where it opens.">
      {!data ? (
        <SkeletonText lines={6} label="Loading your preferences" />
      ) : (
        <div className="st-form">
          <Field label="Theme" hint="Applies right away and is saved to your account.">
            <div className="st-segmented" role="radiogroup" aria-label="Theme">
              {THEMES.map((t) => (
                <button
                  key={t.value}
                  type="button"
                  role="radio"
                  aria-checked={theme === t.value}
                  className="st-segmented__option"
                  data-state={theme === t.value ? 'on' : 'off'}
                  onClick={() => theme !== t.value && void save.mutate({ theme: t.value })}
                >
                  {t.label}
                </button>
              ))}
            </div>
          </Field>

          <h3 className="st-subtitle">Notifications</h3>
          <ul className="st-list">
            {NOTIFICATIONS.map((n) => (
              <li key={n.key} className="st-list__row">
                <div>
                  <div className="st-list__label" id={`st-notify-${n.key}`}>
                    {n.label}
                  </div>
                  <div className="st-muted">{n.hint}</div>
                </div>
                <Switch label={n.label} checked={data.notifications[n.key]} onChange={(on) => void save.mutate({ notifications: { [n.key]: on } })} />
              </li>
            ))}
          </ul>

          <Field label="Open on sign-in" error={save.fieldErrors.landingModule}>
            <Select
              value={data.landingModule ?? NO_LANDING}
              onValueChange={(value) => void save.mutate({ landingModule: value === NO_LANDING ? null : value })}
              options={landingOptions}
              aria-label="Open on sign-in"
            />
          </Field>
        </div>
      )}
    </Section>
  );
}
