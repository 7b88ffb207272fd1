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
