/**
 * The `documents` service: every route under /api/v1/documents, and the extraction worker
 * (pg-boss) of this process. The actions live in `src/actions/*` by concern.
 */
import { defineService } from '@audienceos/module-sdk';
import type { MikroORM } from '@mikro-orm/postgresql';
import { archiveAction, createAction, getAction, removeAction, starAction, unarchiveAction, unstarAction, updateAction, uploadAction } from '../actions/crud';
import { attachAction, detachAction, forTicketAction, ticketsOfDocumentAction } from '../actions/links';
import { documentSearch } from '../actions/global-search';
import { gapsAction, searchAction } from '../actions/search';
import { addCategoryAction, categoriesAction, getSettingsAction, putSettingsAction } from '../actions/settings';
import { downloadAction, linkAction, previewAction, restoreVersionAction, retryAction, signedFileAction, uploadVersionAction, versionsAction } from '../actions/versions';
import { startJobs, stopJobs } from '../jobs';
import { documentKpis } from '../kpis';
import { withLiveChanges } from '../live';


export const documentsService = defineService({
  name: 'documents',
  settings: { rest: '/documents' },
  // Every write announces the document it changed (live.ts).
  actions: withLiveChanges({
    search: searchAction,
    globalSearch: documentSearch.action,
    create: createAction,
    upload: uploadAction,
    // static paths before `/:id`
    gaps: gapsAction,
    categories: categoriesAction,
    addCategory: addCategoryAction,
    settings: getSettingsAction,
    setSettings: putSettingsAction,
    forTicket: forTicketAction,
    signedFile: signedFileAction,
    get: getAction,
    update: updateAction,
    remove: removeAction,
    archive: archiveAction,
    unarchive: unarchiveAction,
    star: starAction,
    unstar: unstarAction,
    versions: versionsAction,
    uploadVersion: uploadVersionAction,
    restoreVersion: restoreVersionAction,
    retry: retryAction,
    download: downloadAction,
    preview: previewAction,
    link: linkAction,
    tickets: ticketsOfDocumentAction,
    attach: attachAction,
    detach: detachAction,
    kpi: documentKpis.action,
  }),
  async started() {
    const runtime = (this as unknown as { aos: { orm: MikroORM } }).aos;
    const url = runtime.orm.config.get('clientUrl') as string;
    await startJobs(this.broker, url, () => runtime.orm.em.fork());
  },
  async stopped() {
    await stopJobs(this.broker);
  },
});
