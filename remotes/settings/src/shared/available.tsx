/**
 * Which modules the caller can use right now (the gateway's `/modules`: up, on for the agency,
 * visible to the role). Sections that configure a module that is not in it are hidden.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { refreshModuleList, useQuery } from '@audienceos/remote-sdk';
import { settingsApi } from '../api';

interface Available {
  modules: ReadonlySet<string> | null;
  reload: () => void;
}

const AvailableContext = createContext<Available>({ modules: null, reload: () => undefined });

export function AvailableModulesProvider({ children }: { children: ReactNode }) {
  const query = useQuery((signal) => settingsApi.available(signal), [], { pollMs: 30_000 });
  const modules = query.data ? new Set(query.data) : null;
  return <AvailableContext.Provider value={{ modules, reload: query.reload }}>{children}</AvailableContext.Provider>;
}

export function useAvailableModules(): Available {
  return useContext(AvailableContext);
}

/** Ask the shell to re-read its module list now (sidebar and routes follow at once). */
export function refreshShellModules(): void {
  refreshModuleList();
}
