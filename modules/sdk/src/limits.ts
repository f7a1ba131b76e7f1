/**
 * Bounds every request lives within (issue 8 §4). One place, so that the gateway, the
 * validator and the KPI contract agree.
 */

/** Deepest JSON nesting a request body or an action's params may have (objects + arrays). */
export const MAX_JSON_DEPTH = 32;

/** Longest single string (UTF-16 code units) in a request, checked before parsing. */
export const MAX_STRING_LENGTH = 200_000;

/**
 * Longest KPI period: two years (731 days covers a leap year). Every KPI provider's
 * `from`/`to` is checked against it before the handler runs (see define-module.ts).
 */
export const MAX_KPI_RANGE_DAYS = 731;

/** Calendar years a date may name: earlier or later is a typo or an attack, never data. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;
