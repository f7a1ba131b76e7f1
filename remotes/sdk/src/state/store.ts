import { createStore } from 'jotai';

/**
 * The one jotai store of the application. The shell renders `<Provider store={appStore}>`;
 * because jotai and this SDK are federation singletons, remotes rendered under the shell see
 * the same store, and non-React code (the API client, toasts) reads and writes it directly.
 */
export const appStore = createStore();
