/**
 * The `communications` service: every route under /api/v1/communications, the connectors'
 * ingest door, the jobs' actions and the KPI action. Actions live in `src/actions/*`.
 */
import { agencyTimeEvents, defineService } from '@audienceos/module-sdk';
import type { ServiceBroker } from 'moleculer';
import {
  assignAction,
  countsAction,
  doneAction,
  expireSnoozeAction,
  getAction,
  labelsAction,
  linkAction,
  messagesAction,
  readAction,
  reopenAction,
  snoozeAction,
  unreadAction,
} from '../actions/conversation';
import { deliverAction, deliverBeginAction, deliverFinishAction } from '../actions/deliver';
import { ingestAction } from '../actions/ingest';
import { listAction } from '../actions/list';
import { discardDraftAction, editDraftAction, noteAction, replyAction, retryAction, sendDraftAction } from '../actions/messages';
import { conversationSearch } from '../actions/search';
import { sourcesAction } from '../actions/sources';
import { ticketFromMessageAction } from '../actions/ticket';
import { scanWaitingAction } from '../actions/waiting';
import { startJobs, stopJobs } from '../jobs';
import { inboxKpis } from '../kpis';
import { withLiveChanges } from '../live';

export const communicationsService = defineService({
  name: 'communications',
  settings: { rest: '/communications' },
  // Every write announces the conversation it changed (live.ts).
  actions: withLiveChanges({
    list: listAction,
    counts: countsAction,
    search: conversationSearch.action,
    sources: sourcesAction,
    get: getAction,
    messages: messagesAction,
    done: doneAction,
    reopen: reopenAction,
    snooze: snoozeAction,
    assign: assignAction,
    labels: labelsAction,
    read: readAction,
    unread: unreadAction,
    link: linkAction,
    reply: replyAction,
    addNote: noteAction,
    editDraft: editDraftAction,
    discardDraft: discardDraftAction,
    sendDraft: sendDraftAction,
    retry: retryAction,
    createTicket: ticketFromMessageAction,
    ingest: ingestAction,
    deliver: deliverAction,
    deliverBegin: deliverBeginAction,
    deliverFinish: deliverFinishAction,
    expireSnooze: expireSnoozeAction,
    scanWaiting: scanWaitingAction,
    kpi: inboxKpis.action,
  }),
  events: { ...agencyTimeEvents },
  async started() {
    await startJobs(this.broker as ServiceBroker);
  },
  async stopped() {
    await stopJobs(this.broker as ServiceBroker);
  },
});
