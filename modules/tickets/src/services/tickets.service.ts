/**
 * The `tickets` service: every route under /api/v1/tickets. The actions live in
 * `src/actions/*` by concern; this file only assembles them into one Moleculer service.
 */
import { agencyTimeEvents, defineService } from '@audienceos/module-sdk';
import type { ServiceBroker } from 'moleculer';
import { boardAction } from '../actions/board';
import { createAction, getAction, removeAction, updateAction } from '../actions/crud';
import { kpiAction } from '../actions/kpi';
import { listAction } from '../actions/list';
import { ticketSearch } from '../actions/search';
import { activityAction, addNoteAction, listNotesAction, logTimeAction } from '../actions/notes';
import { getSlaPolicyAction, putSlaPolicyAction } from '../actions/sla-policy';
import { changeStatusAction, reopenAction, resolveAction } from '../actions/workflow';
import { scanSlaAction, startSlaJobs, stopSlaJobs } from '../sla-scan';

export const ticketsService = defineService({
  name: 'tickets',
  settings: { rest: '/tickets' },
  // Forget the agency's cached zone and business hours when settings changes them.
  events: { ...agencyTimeEvents },
  actions: {
    list: listAction,
    create: createAction,
    // static paths before `/:id` (moleculer-web also orders static segments first)
    board: boardAction,
    slaPolicy: getSlaPolicyAction,
    setSlaPolicy: putSlaPolicyAction,
    get: getAction,
    update: updateAction,
    remove: removeAction,
    changeStatus: changeStatusAction,
    resolve: resolveAction,
    reopen: reopenAction,
    notes: listNotesAction,
    addNote: addNoteAction,
    logTime: logTimeAction,
    activity: activityAction,
    kpi: kpiAction,
    scanSla: scanSlaAction,
    search: ticketSearch.action,
  },
  // Issue 13: the SLA scan (at-risk / breached events) runs on pg-boss.
  async started() {
    await startSlaJobs(this.broker as ServiceBroker);
  },
  async stopped() {
    await stopSlaJobs(this.broker as ServiceBroker);
  },
});
