/**
 * Modules: every module that is running, with a switch per agency. A switch flips at once
 * (optimistic); the shell's sidebar follows when the server agrees, and a refusal flips it
 * back with a toast. Identity and settings are always on.
 */
import { Blocks } from 'lucide-react';
import { Badge, EmptyState, ErrorState, SkeletonText, useCan, useMutation, useQuery } from '@audienceos/remote-sdk';
import { settingsApi, type ModuleSetting } from '../api';
import { refreshShellModules, useAvailableModules } from '../shared/available';
import { ReadOnlyNote, Section } from '../shared/Section';
import { Switch } from '../shared/Switch';

export function ModulesSection() {
  const canManage = useCan('settings:manage');
  const available = useAvailableModules();
  const query = useQuery((signal) => settingsApi.modules(signal), []);

  const toggle = useMutation(
    (v: { module: ModuleSetting; enabled: boolean; disabled: string[] }) => settingsApi.setDisabled(v.disabled),
    {
      optimistic: (v) => {
        const before = query.data;
        query.setData((list) => (list ?? []).map((m) => (m.module === v.module.module ? { ...m, enabled: v.enabled } : m)));
        return () => before && query.setData(before);
      },
      onSuccess: (items) => {
        query.setData(items);
        available.reload();
        refreshShellModules();
      },
      errorToast: (_e, v) => `${v.module.label} is still ${v.enabled ? 'off' : 'on'}`,
    },
  );

  if (query.error && !query.data) return <ErrorState title="Could not load the modules" error={query.error} onRetry={query.reload} />;
  const items = query.data;
  const flip = (module: ModuleSetting, enabled: boolean) => {
    const disabled = (items ?? []).filter((m) => (m.module === module.module ? !enabled : !m.enabled)).map((m) => m.module);
    void toggle.mutate({ module, enabled, disabled });
  };

  return (
    <Section title="Modules" description="Switch off what your agency does not use: it leaves everyone's sidebar. Its data stays, and switching it back on restores it.">
      {!canManage && <ReadOnlyNote>Only owners and admins can switch modules on or off.</ReadOnlyNote>}
      {!items ? (
        <SkeletonText lines={5} label="Loading the modules" />
      ) : items.length === 0 ? (
        <EmptyState icon={<Blocks />} title="No modules are running" description="Modules appear here as soon as they start." />
      ) : (
        <ul className="st-list st-modules">
          {items.map((m) => (
            <li key={m.module} className="st-list__row" data-module={m.module} data-enabled={m.enabled}>
              <div>
                <div className="st-list__label">
                  {m.label} {m.required && <Badge>Always on</Badge>}
                </div>
                {m.description && <div className="st-muted">{m.description}</div>}
              </div>
              <Switch
                label={`${m.label} module`}
                checked={m.enabled}
                disabled={!canManage || m.required || toggle.pending}
                onChange={(on) => flip(m, on)}
              />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
