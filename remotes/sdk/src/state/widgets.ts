import { atom } from 'jotai';
import type { WidgetRegistration } from '../contract/remote-config';

/**
 * Every widget contributed by the remotes that are loaded and available right now. Written by
 * the shell (from each remote's `./config`), read by remotes through `useWidgets(slot)`.
 */
export const widgetsAtom = atom<readonly WidgetRegistration[]>([]);
widgetsAtom.debugLabel = 'extensions/widgets';
