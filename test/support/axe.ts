/**
 * axe-core run inside a page of headless Chromium: the serious and critical violations, each with
 * its rule, impact, help text and the first few elements it found — what the tab tests assert is
 * empty in each theme.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';

// The page's globals, as the function passed to page.evaluate sees them (it runs in the browser).
declare const window: {
  axe: { run(context: unknown, options: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> };
};
declare const document: unknown;

const AXE = path.resolve(__dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');

export interface AxeViolation { id: string; impact: string; help: string; nodes: string[] }

export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
}
