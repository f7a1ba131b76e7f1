import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, fieldErrors as toFieldErrors } from '../api/api-error';
import { toast } from '../state/toasts';

export interface MutationOptions<V, R> {
  /** Apply the change to local state right away; return the function that undoes it. */
  optimistic?: (vars: V) => (() => void) | void;
  onSuccess?: (result: R, vars: V) => void;
  onError?: (error: unknown, vars: V) => void;
  /**
   * Toast on failure. A function can say what was rolled back, e.g.
   * `(e, v) => \`Could not move ${v.name}: it is back in ${v.from}.\``. Default: the API's message
   * when an optimistic change was rolled back, nothing otherwise (forms show errors inline).
   */
  errorToast?: false | string | ((error: unknown, vars: V) => string);
}

export interface MutationResult<V, R> {
  /** Run the mutation; resolves to the result, or undefined when it failed (see `error`). */
  mutate: (vars: V) => Promise<R | undefined>;
  /** Same, but rejects on failure. */
  mutateAsync: (vars: V) => Promise<R>;
  pending: boolean;
  error: unknown;
  /** `{[field]: message}` from a 422, for `<Field error={fieldErrors.name}>`. */
  fieldErrors: Record<string, string>;
  reset: () => void;
}

/**
 * Write helper with optimistic update and rollback. Mutations are deliberately not aborted on
 * unmount (closing a drawer must not cancel a save); only the state updates are skipped.
 */
export function useMutation<V, R>(perform: (vars: V) => Promise<R>, options: MutationOptions<V, R> = {}): MutationResult<V, R> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const mounted = useRef(true);
  const latest = useRef({ perform, options });
  latest.current = { perform, options };

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const mutateAsync = useCallback(async (vars: V): Promise<R> => {
    const { perform: run, options: opts } = latest.current;
    setPending(true);
    setError(null);
    const rollback = opts.optimistic?.(vars) ?? undefined;
    try {
      const result = await run(vars);
      opts.onSuccess?.(result, vars);
      return result;
    } catch (err) {
      rollback?.();
      if (mounted.current) setError(err);
      opts.onError?.(err, vars);
      const wanted = opts.errorToast ?? (rollback ? undefined : false);
      if (wanted !== false) {
        const title = typeof wanted === 'function' ? wanted(err, vars) : (wanted ?? 'Change rolled back');
        toast.error(title, errorMessage(err));
      }
      throw err;
    } finally {
      if (mounted.current) setPending(false);
    }
  }, []);

  const mutate = useCallback((vars: V) => mutateAsync(vars).catch(() => undefined), [mutateAsync]);
  const reset = useCallback(() => setError(null), []);

  return { mutate, mutateAsync, pending, error, fieldErrors: toFieldErrors(error), reset };
}
