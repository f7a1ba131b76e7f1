/**
 * Settings: a left sub-navigation of sections, each at its own URL under the mount point
 * (`/settings/profile`, `/settings/team`…). Sections that configure another module (pipeline,
 * tickets) appear only while that module is up and on for the agency.
 */
import { PlugZap } from 'lucide-react';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { EmptyState, usePageHeader, type RemoteAppProps } from '@audienceos/remote-sdk';
import { ModulesSection } from './sections/ModulesSection';
import { PipelineSection } from './sections/PipelineSection';
import { PreferencesSection } from './sections/PreferencesSection';
import { ProfileSection } from './sections/ProfileSection';
import { TeamSection } from './sections/TeamSection';
import { TicketsSection } from './sections/TicketsSection';
import { AvailableModulesProvider, useAvailableModules } from './shared/available';
import './settings.css';

interface SectionDef {
  path: string;
  label: string;
  /** The module this section configures: hidden unless it is available. */
  module?: string;
  element: React.ReactNode;
}

const SECTIONS: SectionDef[] = [
  { path: 'profile', label: 'Agency profile', element: <ProfileSection /> },
  { path: 'preferences', label: 'My preferences', element: <PreferencesSection /> },
  { path: 'team', label: 'Team', module: 'identity', element: <TeamSection /> },
  { path: 'pipeline', label: 'Pipeline stages', module: 'pipeline', element: <PipelineSection /> },
  { path: 'tickets', label: 'Ticket SLA policy', module: 'tickets', element: <TicketsSection /> },
  { path: 'modules', label: 'Modules', element: <ModulesSection /> },
];

export default function SettingsApp({ basePath }: RemoteAppProps) {
  return (
    <AvailableModulesProvider>
      <SettingsScreen basePath={basePath} />
    </AvailableModulesProvider>
  );
}

function SettingsScreen({ basePath }: { basePath: string }) {
  const { modules } = useAvailableModules();
  // Identity is always listed by the gateway; until the list arrives, show every section.
  const visible = SECTIONS.filter((s) => !s.module || !modules || modules.has(s.module));
  return (
    <div className="st-page">
      <nav className="st-subnav" aria-label="Settings sections">
        <ul>
          {visible.map((s) => (
            <li key={s.path}>
              <NavLink to={`${basePath}/${s.path}`} className={({ isActive }) => `st-subnav__link${isActive ? ' is-active' : ''}`}>
                {s.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="st-content">
        <Routes>
          <Route index element={<Navigate to={`${basePath}/profile`} replace />} />
          {SECTIONS.map((s) => (
            <Route key={s.path} path={s.path} element={visible.includes(s) ? <Titled label={s.label}>{s.element}</Titled> : <Unavailable label={s.label} />} />
          ))}
          <Route path="*" element={<Navigate to={`${basePath}/profile`} replace />} />
        </Routes>
      </div>
    </div>
  );
}

function Titled({ label, children }: { label: string; children: React.ReactNode }) {
  usePageHeader(label);
  return <>{children}</>;
}

function Unavailable({ label }: { label: string }) {
  usePageHeader(label);
  return (
    <EmptyState
      icon={<PlugZap />}
      title={`${label} is not available`}
      description="The module these settings belong to is switched off for your agency or is not running right now."
    />
  );
}
