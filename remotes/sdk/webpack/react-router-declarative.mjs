/*
 * What the platform shares as `react-router`: the declarative-mode API (the one the shell and
 * remotes use: <Routes> relative to a remote's base path, links, hooks), from react-router's
 * production build.
 *
 * Why not the package as it is: a shared module cannot be tree-shaken (the host cannot know
 * which exports a remote will use), and react-router 7 ships everything in one module —
 * data routers, SSR, RSC, sessions, cookies — 62 KB gz even in its production build, a third of
 * the shell's initial budget. This subset is 16 KB gz. Every build (shell and remotes) provides
 * exactly this module under the shared key `react-router`, so they all agree.
 *
 * Data-router APIs (loaders, actions, fetchers, <Form>, useBlocker) are deliberately absent: the
 * shell owns the router and uses <BrowserRouter>. A remote that needs one more declarative export
 * adds it here (in the SDK), which then ships with the next shell build.
 */
export {
  BrowserRouter,
  HashRouter,
  MemoryRouter,
  Router,
  Routes,
  Route,
  Link,
  NavLink,
  Navigate,
  Outlet,
  NavigationType,
  createPath,
  createRoutesFromChildren,
  createRoutesFromElements,
  createSearchParams,
  generatePath,
  href,
  isRouteErrorResponse,
  matchPath,
  matchRoutes,
  parsePath,
  renderMatches,
  resolvePath,
  useBeforeUnload,
  useHref,
  useInRouterContext,
  useLinkClickHandler,
  useLocation,
  useMatch,
  useNavigate,
  useNavigationType,
  useOutlet,
  useOutletContext,
  useParams,
  useResolvedPath,
  useRoutes,
  useSearchParams,
  UNSAFE_LocationContext,
  UNSAFE_NavigationContext,
  UNSAFE_RouteContext,
} from 'react-router-production-build';
