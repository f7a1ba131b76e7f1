/**
 * Bundle sizes (gzip), measured from the production builds: the shell's initial JavaScript
 * (what index.html loads before anything else), and for each remote its remoteEntry.js and
 * the first chunk its `./App` needs. Budgets from the issue: shell ≤ 170 KB, remoteEntry ≤ 30 KB.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const root = path.join(__dirname, '..');
const gz = (file: string) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
const kb = (n: number) => Math.round((n / 1024) * 10) / 10;

export interface BundleReport {
  shell: { initialJsGzipKb: number; files: string[]; budgetKb: number; withinBudget: boolean } | null;
  remotes: { name: string; remoteEntryGzipKb: number; totalJsGzipKb: number; budgetKb: number; withinBudget: boolean }[];
}

export function measureBundles(): BundleReport {
  const shellDist = path.join(root, 'shell', 'dist');
  let shell: BundleReport['shell'] = null;
  if (fs.existsSync(path.join(shellDist, 'index.html'))) {
    const html = fs.readFileSync(path.join(shellDist, 'index.html'), 'utf8');
    const files = [...html.matchAll(/<script[^>]+src="?([^" >]+)"?/g)].map((m) => m[1]!.replace(/^\//, ''));
    const size = files.reduce((sum, f) => sum + (fs.existsSync(path.join(shellDist, f)) ? gz(path.join(shellDist, f)) : 0), 0);
    shell = { initialJsGzipKb: kb(size), files, budgetKb: 170, withinBudget: kb(size) <= 170 };
  }
  const remotes: BundleReport['remotes'] = [];
  const remotesDir = path.join(root, 'remotes');
  for (const name of fs.existsSync(remotesDir) ? fs.readdirSync(remotesDir) : []) {
    const dist = path.join(remotesDir, name, 'dist');
    const entry = path.join(dist, 'remoteEntry.js');
    if (!fs.existsSync(entry)) continue;
    const js = fs.readdirSync(dist).filter((f) => f.endsWith('.js'));
    const entryKb = kb(gz(entry));
    remotes.push({ name, remoteEntryGzipKb: entryKb, totalJsGzipKb: kb(js.reduce((s, f) => s + gz(path.join(dist, f)), 0)), budgetKb: 30, withinBudget: entryKb <= 30 });
  }
  return { shell, remotes };
}

if (require.main === module) console.log(JSON.stringify(measureBundles(), null, 2));
