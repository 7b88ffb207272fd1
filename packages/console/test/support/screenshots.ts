import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/** Where each run's step screenshots go (gitignored). */
export const SHOTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

/** Numbered full-page screenshots, so the folder reads as the story of the test. */
export function screenshotter(prefix: string) {
  mkdirSync(SHOTS_DIR, { recursive: true });
  let step = 0;
  return async (page: Page, name: string): Promise<string> => {
    step += 1;
    const path = `${SHOTS_DIR}${prefix}-${String(step).padStart(2, '0')}-${name}.png`;
    await page.screenshot({ path, fullPage: true });
    return path;
  };
}

/** The README's console pictures; written only when asked, so a test run leaves git clean. */
export const DOCS_SHOTS_DIR = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));

/**
 * With UPDATE_DOCS_SCREENSHOTS=1 (`UPDATE_DOCS_SCREENSHOTS=1 pnpm exec vitest run --project
 * console`), saves the page's viewport as docs/screenshots/<name>.png; otherwise does nothing.
 */
export async function docsScreenshot(page: Page, name: string): Promise<void> {
  if (process.env.UPDATE_DOCS_SCREENSHOTS !== '1') return;
  mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: `${DOCS_SHOTS_DIR}${name}.png`, fullPage: true });
}
