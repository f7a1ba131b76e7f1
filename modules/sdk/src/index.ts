/**
 * @audienceos/module-sdk — the only package a module (or a partner's plugin) imports.
 */
export { defineModule, defineService, manifestOf } from './define-module';
export type { ActionContext, ModuleAction, ModuleDefinition, ModuleDefinitionInput, ModuleServiceSchema, ChannelHandler } from './define-module';
export { createBroker } from './broker';
export type { CreateBrokerOptions } from './broker';
export { signCaller, verifiedCaller, systemCaller } from './caller';
export { platformSecret } from './secret';
export { sealToken, openToken, signState, verifyState } from './provider-secrets';
export { errors, MoleculerClientError, MoleculerError, ValidationError } from './errors';
export type { FieldError } from './errors';
export { mapDatabaseError, sqlStateOf } from './db-errors';
export { guardInput, isStorableString, dateProblem } from './input-guard';
export { MAX_JSON_DEPTH, MAX_STRING_LENGTH, MAX_KPI_RANGE_DAYS, MIN_YEAR, MAX_YEAR } from './limits';
export { isInfrastructureFailure } from './broker';
export { ROLES, rolesFor, roleHas, permissionsOf, crudPermissions } from './permissions';
export { TenantScope } from './tenant';
export { paginate, pageParams, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from './pagination';
export type { Page, PageRequest } from './pagination';
export { textMatch, textMatchSql, likePattern, escapeLike, FOLD_FUNCTION } from './text-search';
export type { TextMatchMode } from './text-search';
export {
  defineSearch, searchScore, foldForScore, searchParams, searchCandidates, idArray, SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT, SEARCH_MAX_QUERY, SEARCH_MIN_CONTAINS,
} from './search';
export type { SearchProvider, SearchProviderOptions, SearchCandidatesOptions } from './search';
export { referenceService, requireWritable } from './references';
export { assertVersion, contentVersion, etagOf, parseIfMatch, saved, setETag } from './versioning';
export { faultPoint } from './faults';
export { applyArrayChange, addedItems, arrayOpsParam } from './array-ops';
export type { ArrayChange, ArrayOps } from './array-ops';
export type { ReferenceState, ReferenceResolver, RequireWritableOptions } from './references';
export { channelName, ensureStreams } from './channels';
export type { DurableEvent } from './channels';
export { runtimeOf } from './runtime';
export {
  now, agencyTime, agencyZone, agencyTimeEvents, forgetAgencyTime, startOfDayIn, addDaysIn, dateKeyIn, startOfDateIn, calendarDaysBetween, weekdayIn,
  isTimeZone, atLocalTime, addBusinessMinutes, businessMinutesBetween, DEFAULT_AGENCY_TIME, DEFAULT_BUSINESS_HOURS, WEEKDAYS, AGENCY_TIME_ACTION, PROFILE_CHANGED_EVENT,
} from './time';
export type { AgencyTime, BusinessHours, OpeningHours, Weekday } from './time';
export {
  defineKpis, kpiPeriod, kpiBuckets, bucketFor, presetRange, customRange, checkRange, previousRange, kpiChange, emptyValue, bucketParams, BUCKETS_SQL, fillKpiLink,
  KPI_PRESETS, PERCENT_CHANGE_MIN_PREVIOUS, MAX_DAILY_BUCKET_DAYS,
} from './kpi';
export type { KpiBucket, KpiBucketRange, KpiPeriod, KpiFigures, KpiAnswer, KpiProvider, KpiSet, KpiChange, KpiPreset } from './kpi';
export { clientScope } from './client-scope';
export { announce, announceFrom, LIVE_CHANGE_EVENT } from './live';
export type { LiveAudience, LiveChange, LiveChangeInput, LiveChangeFromInput, LiveOp } from './live';
export type { ClientScope } from './client-scope';
export type * from './types';

// What a module needs of @audienceos/db, handed on so that modules import only the SDK.
export { demo, demoId } from '@audienceos/db';
export type { Migration, SeedContext, GenerateContext, DemoAgency, DemoUser } from '@audienceos/db';
export { EntitySchema, LockMode, raw, type EntityManager, type Opt } from '@mikro-orm/postgresql';
