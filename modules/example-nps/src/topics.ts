/** Durable topics this module publishes (prefixed with the module name: topics are global). */
export const RESPONSE_RECORDED = 'example-nps.response.recorded';
