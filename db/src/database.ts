/**
 * Which PostgreSQL to use: `DATABASE_URL` when set, otherwise the embedded server under
 * `.data/pg` (started on first use in this process, stopped on shutdown).
 */
import { DEFAULT_DATABASE_NAME, embeddedDataDir, embeddedPort } from './config';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded';

let embedded: Promise<EmbeddedPostgresHandle> | null = null;

export function usingEmbedded(): boolean {
  return !process.env.DATABASE_URL;
}

export async function resolveDatabaseUrl(log: (line: string) => void = () => undefined): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  embedded ??= startEmbeddedPostgres({
    dataDir: embeddedDataDir(),
    port: embeddedPort(),
    database: DEFAULT_DATABASE_NAME,
    log: (l) => log(`[embedded-postgres] ${l}`),
  });
  try {
    return (await embedded).url;
  } catch (err) {
    embedded = null;
    throw err;
  }
}

/** Stop the embedded server if this process started it. */
export async function stopDatabase(): Promise<void> {
  if (!embedded) return;
  const handle = await embedded.catch(() => null);
  embedded = null;
  await handle?.stop();
}
