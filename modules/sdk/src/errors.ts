/**
 * Domain errors. Every failure leaves the gateway as `{name, message, code, type, data}`;
 * field problems carry `data: [{field, message, type}]` like Moleculer's validator does.
 */
import { Errors } from 'moleculer';

export const { MoleculerClientError, MoleculerError, ValidationError } = Errors;

export interface FieldError {
  field: string;
  message: string;
  type: string;
  actual?: unknown;
}

export const errors = {
  unauthorized(message = 'Sign in to continue', type = 'UNAUTHORIZED') {
    return new MoleculerClientError(message, 401, type);
  },
  forbidden(permission: string, role: string) {
    return new MoleculerClientError(`Your role (${role}) does not allow ${permission}`, 403, 'FORBIDDEN', { permission, role });
  },
  /** Unknown ids and other agencies' ids look the same: 404. */
  notFound(entity: string, id?: unknown) {
    const type = `${entity.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}_NOT_FOUND`;
    return new MoleculerClientError(`${entity.replace(/([a-z])([A-Z])/g, '$1 $2')} not found`, 404, type, id === undefined ? undefined : { id });
  },
  conflict(message: string, type: string, data?: unknown) {
    return new MoleculerClientError(message, 409, type, data);
  },
  /** 422 with field details, the same shape as a params validation failure. */
  invalid(fields: FieldError[] | FieldError, message?: string) {
    const list = Array.isArray(fields) ? fields : [fields];
    return new ValidationError(message ?? list.map((f) => f.message).join('; '), 'VALIDATION_ERROR', list);
  },
  unprocessable(message: string, type: string, data?: unknown) {
    return new MoleculerClientError(message, 422, type, data);
  },
  badRequest(message: string, type = 'BAD_REQUEST', data?: unknown) {
    return new MoleculerClientError(message, 400, type, data);
  },
  tooManyRequests(message: string, retryAfterSeconds: number) {
    return new MoleculerClientError(message, 429, 'TOO_MANY_REQUESTS', { retryAfter: retryAfterSeconds });
  },
};
