/**
 * `g` + a letter for every nav entry, Linear-style: the first letter of the label if free,
 * else the next free letter of the label. Stable for a given nav order.
 */
export function navShortcuts(entries: readonly { module: string; label: string }[]): Record<string, string> {
  const used = new Set<string>();
  const result: Record<string, string> = {};
  for (const { module, label } of entries) {
    const letters = label.toLowerCase().replace(/[^a-z]/g, '');
    const words = label.toLowerCase().split(/\s+/).map((w) => w.replace(/[^a-z]/g, '')[0]).filter(Boolean);
    const letter = [...words, ...letters].find((c) => !used.has(c));
    if (!letter) continue;
    used.add(letter);
    result[module] = `g ${letter}`;
  }
  return result;
}
