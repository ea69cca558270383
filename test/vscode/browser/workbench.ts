// Driving the VS Code workbench in headless Chromium the way a person does: keyboard shortcuts, the
// Quick Open box, the editor, the Problems panel. Every wait has a deadline (Playwright's timeouts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, REPO } from '../../../scripts/vscode/codeServer';

export const RESULTS_DIR = path.join(REPO, 'test-results/vscode');

export async function openWorkbench(url: string, consoleLog: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const out = fs.createWriteStream(consoleLog);
  page.on('console', (msg) => out.write(`[${msg.type()}] ${msg.text()}\n`));
  page.on('pageerror', (err) => out.write(`[pageerror] ${err.stack ?? err.message}\n`));
  browser.on('disconnected', () => out.end());
  await page.goto(url);
  // The explorer lists the workspace once the workbench is up.
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  return { browser, page };
}

/** Opens a workspace file through Quick Open (Ctrl+P), as a person would. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 600, y: 300 } }).catch(() => undefined);
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`).waitFor({ timeout: 15_000 });
}

/** Waits for a squiggle of the given severity in the visible editor. */
export async function waitForSquiggle(page: Page, severity: 'error' | 'warning' | 'info' = 'error'): Promise<void> {
  await page.locator(`.editor-instance .monaco-editor .squiggly-${severity}`).first().waitFor({ timeout: 30_000 });
}

/**
 * Opens the Problems panel (Ctrl+Shift+M) and returns the text of its rows once one contains `expect`.
 * The list only renders the rows on screen, so `filter` types `expect` into the panel's filter box first.
 */
export async function problems(page: Page, expect: string, filter = false): Promise<string[]> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) await page.keyboard.press('Control+Shift+M');
  await panel.waitFor({ timeout: 15_000 });
  const box = page.locator('.panel .viewpane-filter input');
  await box.fill(filter ? expect : '');
  await panel.locator('.monaco-list-row', { hasText: expect }).first().waitFor({ timeout: 30_000 });
  return panel.locator('.monaco-list-row').allInnerTexts();
}

/** Moves the mouse onto the first error squiggle so the hover (message, code link, quick fix) shows. */
export async function hoverSquiggle(page: Page): Promise<string> {
  const squiggle = page.locator('.editor-instance .monaco-editor .squiggly-error').first();
  const box = await squiggle.boundingBox();
  if (!box) throw new Error('no squiggle on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents, .monaco-hover:not(.hidden) .marker.hover-contents').first();
  await hover.waitFor({ timeout: 15_000 });
  return hover.innerText();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  await page.screenshot({ path: file });
  return file;
}
