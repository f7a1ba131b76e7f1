/**
 * Moleculer's fastest-validator with `guardInput` in front of it: the guard sees the params
 * exactly as the client sent them (before `convert: true` turns '2026-02-30' into 2 March),
 * and its field errors leave as the same 422 `ValidationError` a params rule gives.
 * Used by every broker the SDK creates (`createBroker`), so every module inherits it.
 */
import { Validators } from 'moleculer';
import { schemaProblems, unsafeValues } from './input-guard';

const settle = (async: boolean | undefined, list: unknown[]) => (async ? Promise.resolve(list) : list);

type Checker = ((params: unknown, opts?: unknown) => true | unknown[] | Promise<true | unknown[]>) & { async?: boolean };

export class GuardedValidator extends Validators.Fastest {
  override compile(schema: Record<string, any>): any {
    const check = super.compile(schema) as unknown as Checker;
    const guarded: Checker = (params, opts) => {
      // Unsafe values (NUL, lone surrogates, too deep) never reach the validator.
      const unsafe = unsafeValues(params);
      if (unsafe.length) return settle(check.async, unsafe);
      // Null / impossible dates are seen before `convert` and reported with the validator's own errors.
      const problems = schemaProblems(params, schema);
      if (!problems.length) return check(params, opts);
      const merge = (result: true | unknown[]) => {
        const own = result === true ? [] : (result as { field?: string }[]);
        const seen = new Set(own.map((e) => e.field));
        return [...own, ...problems.filter((p) => !seen.has(p.field))];
      };
      const result = check(params, opts);
      return result instanceof Promise ? result.then(merge) : merge(result);
    };
    guarded.async = check.async;
    return guarded;
  }
}
