/**
 * Fault points: named places where a test can make the code fail as a crash would (e.g. right
 * after a provider accepted a message and before its outcome is committed). In the product no
 * fault is set and `faultPoint` does nothing. Tests set one with `setFault` from
 * `@audienceos/module-sdk/testing` (same process only).
 */
type Fault = (info: Record<string, unknown>) => void | Promise<void>;

const faults = new Map<string, Fault>();

/** Run the fault set for `name`, if any (it may throw: that is the point). */
export async function faultPoint(name: string, info: Record<string, unknown> = {}): Promise<void> {
  const fault = faults.get(name);
  if (fault) await fault(info);
}

/** Set (or with `null` clear) the fault for `name`. For tests. */
export function setFault(name: string, fault: Fault | null): void {
  if (fault) faults.set(name, fault);
  else faults.delete(name);
}
