/**
 * Extraction as a durable job on pg-boss (PostgreSQL, safe with several processes): the
 * job row is inserted in the same transaction as the version it extracts, so an upload that
 * commits always gets extracted and a rolled-back one never does. A worker in any process
 * of the module takes it: pending → extracting → indexed | failed (with a readable reason).
 * A file that cannot be read is a `failed` document, not a failed job; only infrastructure
 * errors (database down) throw and are retried by pg-boss.
 */
import PgBoss from 'pg-boss';
import type { ServiceBroker } from 'moleculer';
import type { ActionContext, EntityManager } from '@audienceos/module-sdk';
import { limits, type FileType } from './constants';
import { extractText, type Extraction } from './extract';
import { storage, type SqlRunner } from './storage';
import { announceExtraction } from './live';

export const EXTRACT_QUEUE = 'knowledge-base-extract';
const JOB_SCHEMA = 'knowledge_base_jobs';

const bosses = new WeakMap<ServiceBroker, PgBoss>();

interface ExtractJob {
  agencyId: string;
  versionId: string;
}

/** Rewrite pg-boss's `$1…$n` SQL for a `?`-placeholder runner (values reordered to match). */
function positional(text: string, values: unknown[] = []): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const sql = text.replace(/\$(\d+)/g, (_m, n: string) => {
    const v = values[Number(n) - 1];
    params.push(v === undefined ? null : v);
    return '?';
  });
  return { sql, params };
}

/** Queue the extraction of a version inside the caller's transaction. */
export async function queueExtraction(ctx: ActionContext, versionId: string): Promise<void> {
  const boss = bosses.get(ctx.broker);
  if (!boss) throw new Error('knowledge-base job queue is not started');
  const db = {
    executeSql: async (text: string, values?: unknown[]) => {
      const { sql, params } = positional(text, values);
      return { rows: await ctx.db.sql(sql, params) };
    },
  };
  await boss.send(EXTRACT_QUEUE, { agencyId: ctx.user.agencyId, versionId } satisfies ExtractJob, { db });
}

function runner(em: EntityManager): SqlRunner {
  return (query, params = []) => em.getConnection().execute(query, params, 'all', em.getTransactionContext()) as never;
}

interface VersionRow {
  id: string;
  document_id: string;
  kind: 'file' | 'written';
  file_type: FileType;
  file_id: string | null;
  markdown: string | null;
  status: string;
}

/** The current document's extraction status changed (after commit): for live notices. */
export type ExtractionStatusListener = (change: { agencyId: string; documentId: string; clientId: string | null; status: string }) => void;

/**
 * Extract one version and record the outcome on it and, when current, on its document.
 * `onStatus` hears each committed status change of a current document (`extracting`, then `indexed`/`failed`).
 */
export async function runExtraction(fork: () => EntityManager, job: ExtractJob, onStatus?: ExtractionStatusListener): Promise<Extraction | null> {
  const em = fork();
  const sql = runner(em);
  const [version] = await sql<VersionRow>(
    `update knowledge_base.version set status = 'extracting', attempts = attempts + 1
      where id = ? and agency_id = ? and status in ('pending', 'extracting')
      returning id, document_id, kind, file_type, file_id, markdown, status`,
    [job.versionId, job.agencyId],
  );
  if (!version) return null; // already done (a redelivered job), or deleted
  const docs = await sql<{ id: string; client_id: string | null }>(
    `update knowledge_base.document set status = 'extracting' where current_version_id = ? returning id, client_id`,
    [version.id],
  );
  const tell = (status: string) => docs.forEach((d) => onStatus?.({ agencyId: job.agencyId, documentId: d.id, clientId: d.client_id, status }));
  tell('extracting');
  const bytes = version.file_id ? await storage.readAll(sql, version.file_id) : Buffer.from(version.markdown ?? '', 'utf8');
  const result = await extractText(bytes, version.file_type);
  await recordExtraction(fork(), version.id, result);
  tell(result.ok ? 'indexed' : 'failed');
  return result;
}

export async function recordExtraction(em: EntityManager, versionId: string, result: Extraction): Promise<void> {
  await em.transactional(async (tx) => {
    const sql = runner(tx);
    const text = result.ok ? result.text.slice(0, limits.maxIndexedChars) : null;
    await sql(
      `update knowledge_base.version set status = ?, failure_reason = ?, extracted_text = ?, preview_html = ?, page_count = ?, word_count = ? where id = ?`,
      [result.ok ? 'indexed' : 'failed', result.ok ? null : result.reason, text, result.ok ? result.previewHtml : null, result.ok ? result.pages : null, result.ok ? result.words : null, versionId],
    );
    await sql(
      `update knowledge_base.document set status = ?, failure_reason = ?, body_text = coalesce(?, body_text), page_count = ?, word_count = ?
        where current_version_id = ?`,
      [result.ok ? 'indexed' : 'failed', result.ok ? null : result.reason, text, result.ok ? result.pages : null, result.ok ? result.words : null, versionId],
    );
  });
}

/** Start the queue and this process's worker (called from the service's `started`). */
export async function startJobs(broker: ServiceBroker, connectionString: string, fork: () => EntityManager): Promise<void> {
  const boss = new PgBoss({ connectionString, schema: JOB_SCHEMA, max: 2, schedule: false, supervise: true, application_name: 'knowledge-base-jobs' });
  boss.on('error', (err) => broker.logger.warn(`knowledge-base job queue: ${err.message}`));
  await boss.start();
  await boss.createQueue(EXTRACT_QUEUE, {
    name: EXTRACT_QUEUE,
    retryLimit: 3,
    retryDelay: 5,
    // a crashed worker's job comes back after this long (the extraction itself is capped lower)
    expireInSeconds: Math.ceil(limits.extractTimeoutMs / 1000) + 60,
  });
  await boss.work<ExtractJob>(EXTRACT_QUEUE, { batchSize: 1, pollingIntervalSeconds: Number(process.env.KB_JOB_POLL_SECONDS ?? 0.5) }, async ([job]) => {
    if (job) await runExtraction(fork, job.data, (change) => announceExtraction(broker, change));
  });
  bosses.set(broker, boss);
}

export async function stopJobs(broker: ServiceBroker): Promise<void> {
  const boss = bosses.get(broker);
  if (!boss) return;
  bosses.delete(broker);
  await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
}
