import { useAtomValue } from 'jotai';
import { Badge, isApiError } from '@audienceos/remote-sdk';
import { registryErrorAtom, registryStatusAtom } from '../registry/registry-state';

/**
 * A quiet sign in the top bar while the server cannot be reached (the module list keeps being
 * polled, so it disappears by itself once the connection is back).
 */
export function ConnectionStatus() {
  const status = useAtomValue(registryStatusAtom);
  const error = useAtomValue(registryErrorAtom);
  if (status !== 'ready' || !error) return null;
  const offline = isApiError(error) && (error.isNetwork || error.code >= 502);
  if (!offline) return null;
  return (
    <Badge tone="warning" dot role="status" title="The server cannot be reached; retrying every 10 seconds.">
      Reconnecting…
    </Badge>
  );
}
