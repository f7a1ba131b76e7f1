/**
 * `npm run bench`: every benchmark, reported as figures and as ratios against a baseline
 * measured in the same run (so results compare across machines). Writes bench/results/latest.json.
 * Benchmarks are measurements, not tests: nothing here fails a build.
 */
import fs from 'node:fs';
import path from 'node:path';
import { measureBundles } from './bundle-size';

interface BenchModule {
  name: string;
  run(): Promise<Record<string, unknown>>;
}

async function loadOptional(file: string): Promise<BenchModule | null> {
  const full = path.join(__dirname, file);
  if (!fs.existsSync(full)) return null;
  return (await import(full)).default as BenchModule;
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = { at: new Date().toISOString(), node: process.version };
  results.bundles = measureBundles();
  console.log('bundles', JSON.stringify(results.bundles, null, 2));
  for (const file of ['api.bench.ts', 'knowledge-base.bench.ts', 'communications.bench.ts', 'search.bench.ts', 'automations.bench.ts', 'browser.bench.ts']) {
    const bench = await loadOptional(file);
    if (!bench) continue;
    try {
      results[bench.name] = await bench.run();
      console.log(bench.name, JSON.stringify(results[bench.name], null, 2));
    } catch (err) {
      results[bench.name] = { error: (err as Error).message };
      console.error(`${bench.name} failed: ${(err as Error).message}`);
    }
  }
  const out = path.join(__dirname, 'results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'latest.json'), JSON.stringify(results, null, 2));
  console.log(`\nwritten to ${path.relative(process.cwd(), path.join(out, 'latest.json'))}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
