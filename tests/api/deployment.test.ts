/**
 * docker-compose.yml and the Dockerfile cannot be run here (no Docker engine), so check what
 * can be checked: they parse, every service they start is a real package with a real start
 * script, and every file the Dockerfile names exists.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { listInstalledModules } from '@audienceos/db';

const root = path.join(__dirname, '..', '..');
// Compose resolves `<<:` merge keys (YAML 1.1), so parse the same way.
const compose = YAML.parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
const installed = listInstalledModules().map((m) => m.module);

describe('docker-compose.yml', () => {
  it('describes postgres, nats, the gateway and every default module', () => {
    const services = Object.keys(compose.services);
    expect(services).toEqual(expect.arrayContaining(['postgres', 'nats', 'gateway']));
    const defaults = listInstalledModules().filter((m) => m.defaultEnabled).map((m) => m.module);
    for (const mod of defaults) expect(services).toContain(mod);
  });

  it('starts each application service with a real package through the image entrypoint', () => {
    const appServices = Object.entries<Record<string, any>>(compose.services).filter(([, svc]) => svc.build === '.');
    expect(appServices.length).toBeGreaterThan(3);
    for (const [name, svc] of appServices) {
      for (const target of svc.command as string[]) {
        expect({ service: name, target, known: target === 'gateway' || installed.includes(target) }).toEqual({ service: name, target, known: true });
      }
      expect(svc.environment.TRANSPORTER).toMatch(/^nats:\/\//);
      expect(svc.environment.DATABASE_URL).toMatch(/^postgres:\/\//);
    }
  });
});

describe('Dockerfile', () => {
  it('runs the start-module launcher that exists in the repository', () => {
    const entry = /ENTRYPOINT \[(.+)\]/.exec(dockerfile)![1]!;
    const script = JSON.parse(`[${entry}]`).find((p: string) => p.endsWith('.ts'));
    expect(fs.existsSync(path.join(root, script))).toBe(true);
  });

  it('copies only paths that exist', () => {
    for (const line of dockerfile.split('\n').filter((l) => l.startsWith('COPY ') && !l.includes('--from'))) {
      const sources = line.replace(/^COPY\s+/, '').split(/\s+/).slice(0, -1);
      for (const src of sources) if (src !== '.') expect(fs.existsSync(path.join(root, src))).toBe(true);
    }
  });

  it('the root scripts it relies on exist', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts.build).toBeDefined();
    expect(pkg.scripts['start:module']).toContain('start-module.ts');
  });
});
