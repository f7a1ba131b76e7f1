import { dropDatabase } from '@audienceos/module-sdk/testing';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env.AOS_TEST_SERVER_URL;
  const template = process.env.AOS_TEST_TEMPLATE;
  if (serverUrl && template) await dropDatabase(serverUrl, template).catch(() => undefined);
  await globalThis.__AOS_EMBEDDED_STOP__?.();
}
