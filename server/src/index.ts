export { startApp, stopOnSignals } from './app';
export type { AppOptions, RunningApp } from './app';
