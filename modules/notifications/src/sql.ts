/** A PostgreSQL array literal (`{a,b}`) for `= any(?::uuid[])`: the driver would inline a JS array as a list. Items must be uuids or plain words. */
export function pgArray(items: readonly string[]): string {
  for (const i of items) if (!/^[A-Za-z0-9_-]+$/.test(i)) throw new Error(`not an array-safe item: ${i}`);
  return `{${items.join(',')}}`;
}
