/**
 * OpenAPI 3 from the live registry: every action with a `rest` declaration becomes an
 * operation; its fastest-validator `params` become the query/body schema. Generated per
 * request, so a module that starts or stops changes the document at once.
 */
import type { ServiceBroker } from 'moleculer';
import { liveServices, type RegistryAction } from './registry';

type Json = Record<string, unknown>;

function fvToJsonSchema(rule: unknown): Json {
  if (typeof rule === 'string') return fvToJsonSchema({ type: rule.split('|')[0] });
  if (!rule || typeof rule !== 'object') return {};
  const r = rule as Json;
  const nullable = r.nullable ? { nullable: true } : {};
  switch (r.type) {
    case 'string':
      return { type: 'string', ...(r.min ? { minLength: r.min } : {}), ...(r.max ? { maxLength: r.max } : {}), ...(r.pattern ? { pattern: String(r.pattern) } : {}), ...nullable };
    case 'email':
      return { type: 'string', format: 'email', ...nullable };
    case 'uuid':
      return { type: 'string', format: 'uuid', ...nullable };
    case 'url':
      return { type: 'string', format: 'uri', ...nullable };
    case 'date':
      return { type: 'string', format: 'date-time', ...nullable };
    case 'number':
      return { type: r.integer ? 'integer' : 'number', ...(r.min !== undefined ? { minimum: r.min } : {}), ...(r.max !== undefined ? { maximum: r.max } : {}), ...nullable };
    case 'boolean':
      return { type: 'boolean', ...nullable };
    case 'enum':
      return { type: 'string', enum: r.values, ...nullable };
    case 'array':
      return { type: 'array', items: r.items ? fvToJsonSchema(r.items) : {}, ...(r.max ? { maxItems: r.max } : {}), ...nullable };
    case 'object':
      return r.props ? { ...objectSchema(r.props as Json), ...nullable } : { type: 'object', ...nullable };
    case 'multi':
      return { oneOf: ((r.rules as unknown[]) ?? []).map(fvToJsonSchema) };
    default:
      return {};
  }
}

function isOptional(rule: unknown): boolean {
  return typeof rule === 'object' && rule !== null && Boolean((rule as Json).optional);
}

function objectSchema(props: Json): Json {
  const properties: Json = {};
  const required: string[] = [];
  for (const [key, rule] of Object.entries(props)) {
    if (key.startsWith('$$')) continue;
    properties[key] = fvToJsonSchema(rule);
    if (!isOptional(rule)) required.push(key);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

const ERROR_SCHEMA = {
  type: 'object',
  required: ['name', 'message', 'code', 'type'],
  properties: { name: { type: 'string' }, message: { type: 'string' }, code: { type: 'integer' }, type: { type: 'string' }, data: {} },
};

function joinPath(...parts: string[]): string {
  return ('/' + parts.join('/')).replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
}

export interface ExtraOperation {
  method: string;
  path: string;
  summary: string;
  tag: string;
  public?: boolean;
  body?: Json;
}

export function buildOpenApi(broker: ServiceBroker, basePath: string, extra: ExtraOperation[]): Json {
  const paths: Record<string, Json> = {};
  const add = (method: string, path: string, op: Json) => {
    const openPath = path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[openPath] = { ...(paths[openPath] ?? {}), [method.toLowerCase()]: op };
  };
  const responses = (ok: string) => ({
    [ok]: { description: 'Success', content: { 'application/json': { schema: {} } } },
    default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
  });

  for (const op of extra) {
    add(op.method, op.path, {
      tags: [op.tag],
      summary: op.summary,
      ...(op.public ? { security: [] } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: op.body } } } } : {}),
      responses: responses('200'),
    });
  }

  for (const svc of liveServices(broker, true)) {
    const manifest = svc.metadata?.audienceos;
    const base = svc.settings?.rest ?? `/${svc.name}`;
    for (const action of Object.values(svc.actions ?? {}) as RegistryAction[]) {
      if (!action.rest || (action.visibility && action.visibility !== 'published')) continue;
      for (const rest of (Array.isArray(action.rest) ? action.rest : [action.rest]) as unknown[]) {
        // `'POST /x'` or moleculer-web's object form `{ method, path }` (stream uploads).
        const declared = typeof rest === 'string' ? rest.trim().split(/\s+/) : rest && typeof rest === 'object' ? [(rest as { method?: string }).method, (rest as { path?: string }).path] : [];
        const [method = 'GET', subPath = '/'] = declared.filter((x): x is string => typeof x === 'string' && x !== '');
        const path = joinPath(basePath, base, subPath);
        const pathParams = [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
        const params = { ...(action.params ?? {}) } as Json;
        for (const p of pathParams) delete params[p];
        const isBody = !['GET', 'DELETE', 'HEAD'].includes(method.toUpperCase());
        const schema = objectSchema(params);
        const props = (schema.properties ?? {}) as Json;
        const required = new Set((schema.required as string[]) ?? []);
        add(method, path, {
          tags: [manifest?.module ?? svc.name],
          operationId: action.name,
          summary: action.summary ?? action.name,
          description: action.permissions?.length ? `Requires: ${action.permissions.join(', ')}` : undefined,
          ...(action.auth === 'public' ? { security: [] } : {}),
          parameters: [
            ...pathParams.map((name) => ({ name, in: 'path', required: true, schema: fvToJsonSchema((action.params ?? {})[name] ?? 'string') })),
            ...(isBody ? [] : Object.entries(props).map(([name, s]) => ({ name, in: 'query', required: required.has(name), schema: s }))),
          ],
          ...(isBody && Object.keys(props).length ? { requestBody: { required: required.size > 0, content: { 'application/json': { schema } } } } : {}),
          responses: responses(method.toUpperCase() === 'POST' ? '201' : '200'),
        });
      }
    }
  }

  return {
    openapi: '3.0.3',
    info: { title: 'AudienceOS Command Center API', version: '1', description: 'Generated from the live services: only modules that are up are listed.' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: ERROR_SCHEMA },
    },
    security: [{ bearer: [] }],
    paths,
  };
}
