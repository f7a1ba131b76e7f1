import { atom } from 'jotai';

export interface Crumb {
  label: string;
  /** Absolute app path; the last crumb usually has none. */
  href?: string;
}

/** What the shell's top bar shows after the module crumb; set by screens via `usePageHeader`. */
export interface PageHeader {
  title: string;
  crumbs: Crumb[];
}

export const pageHeaderAtom = atom<PageHeader | null>(null);
pageHeaderAtom.debugLabel = 'layout/pageHeader';
