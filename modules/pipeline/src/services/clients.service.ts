/**
 * `clients`: the pipeline's main service, at `/api/v1/clients`. Its actions live in
 * `actions/` by concern (records, stage moves, health, KPIs) and are assembled here.
 */
import { defineService } from '@audienceos/module-sdk';
import { clientCrudActions } from '../actions/client-crud';
import { clientHealthActions } from '../actions/client-health';
import { clientIdActions } from '../actions/client-ids';
import { clientKpiActions } from '../actions/client-kpi';
import { clientStageActions } from '../actions/client-stage';
import { clientSearch } from '../actions/client-search';

export const clientsService = defineService({
  name: 'clients',
  settings: { rest: '/clients' },
  actions: { ...clientCrudActions, ...clientStageActions, ...clientHealthActions, ...clientKpiActions, ...clientIdActions, search: clientSearch.action },
});
