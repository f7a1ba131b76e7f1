import { useSetAtom } from 'jotai';
import { useEffect } from 'react';
import { pageHeaderAtom, type Crumb } from '../state/page-header';

/**
 * Tell the shell's top bar what this screen is: `usePageHeader('ACME Corp', [{label: 'Clients',
 * href: '/pipeline'}])`. The shell derives the document title from it. Cleared on unmount.
 */
export function usePageHeader(title: string, crumbs: Crumb[] = []): void {
  const setHeader = useSetAtom(pageHeaderAtom);
  const crumbsKey = JSON.stringify(crumbs);
  useEffect(() => {
    setHeader({ title, crumbs: JSON.parse(crumbsKey) as Crumb[] });
    return () => setHeader(null);
  }, [title, crumbsKey, setHeader]);
}
