/**
 * What a signed-in user's browser does before the first module renders: requests, and the
 * JavaScript bytes (gzip as served) — measured in real Chromium against the real product.
 * The baseline in the same run is the login page (the shell alone); the ratio shows what a
 * module's first screen adds on top.
 */
import fs from 'node:fs';
import { launchBrowser, CHROMIUM_PATH } from '../tests/e2e/support/browser';
import { startProduct } from '../tests/e2e/support/product';
import { shell } from '../tests/e2e/support/shell-page';

interface Tally {
  requests: number;
  jsRequests: number;
  jsKb: number;
}

async function run(): Promise<Record<string, unknown>> {
  if (!fs.existsSync(CHROMIUM_PATH)) return { skipped: `no Chromium at ${CHROMIUM_PATH}` };
  const product = await startProduct();
  const browser = await launchBrowser();
  try {
    const { page } = browser;
    let tally: Tally = { requests: 0, jsRequests: 0, jsKb: 0 };
    page.on('response', async (res) => {
      tally.requests++;
      if (res.url().endsWith('.js')) {
        tally.jsRequests++;
        const size = Number(res.headers()['content-length'] ?? 0) || (await res.body().catch(() => Buffer.alloc(0))).length;
        tally.jsKb += size / 1024;
      }
    });
    await page.goto(product.url);
    await shell.emailInput(page).waitFor();
    await page.waitForLoadState('networkidle');
    const loginPage = { ...tally, jsKb: +tally.jsKb.toFixed(1) };
    tally = { requests: 0, jsRequests: 0, jsKb: 0 };
    const started = Date.now();
    await shell.signIn(page, 'josh@chasedigital.agency', process.env.DEMO_PASSWORD ?? 'audienceos-demo');
    await shell.settledContent(page, 30000);
    const firstModule = { ...tally, jsKb: +tally.jsKb.toFixed(1), msToFirstScreen: Date.now() - started, path: new URL(page.url()).pathname };
    return {
      note: 'JS sizes as transferred (gzip from the gateway)',
      loginPage,
      signInToFirstModule: firstModule,
      requestsRatio: +(firstModule.requests / Math.max(1, loginPage.requests)).toFixed(2),
    };
  } finally {
    await browser.close();
    await product.stop();
  }
}

export default { name: 'browser', run };
