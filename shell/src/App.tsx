import { useAtomValue } from 'jotai';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { sessionStatusAtom, Toaster } from '@audienceos/remote-sdk';
import { AuthenticatedApp } from './AuthenticatedApp';
import { BootScreen } from './boot/BootScreen';
import { AcceptInvitationPage } from './login/AcceptInvitationPage';
import { LoginPage } from './login/LoginPage';
import { useSessionBoot } from './session/useSessionBoot';

/** After sign-in (or when already signed in), go back to where the visitor was headed. */
function LoginRoute({ authenticated }: { authenticated: boolean }) {
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  if (!authenticated) return <LoginPage />;
  return <Navigate to={from && !from.startsWith('/login') ? from : '/'} replace />;
}

function RequireSession() {
  const location = useLocation();
  const from = `${location.pathname}${location.search}${location.hash}`;
  return <Navigate to="/login" replace state={{ from }} />;
}

/** Login or the app, decided by the session status; the toaster is always there. */
export function App() {
  const { bootError, retry } = useSessionBoot();
  const status = useAtomValue(sessionStatusAtom);

  return (
    <>
      {status === 'restoring' ? (
        <BootScreen error={bootError} onRetry={retry} />
      ) : (
        <Routes>
          <Route path="/login" element={<LoginRoute authenticated={status === 'authenticated'} />} />
          <Route path="/invitations/accept" element={status === 'authenticated' ? <Navigate to="/" replace /> : <AcceptInvitationPage />} />
          <Route path="/*" element={status === 'authenticated' ? <AuthenticatedApp /> : <RequireSession />} />
        </Routes>
      )}
      <Toaster />
    </>
  );
}
