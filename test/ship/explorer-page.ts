/**
 * The Swagger UI explorer at /docs, driven the way a person uses it: expand an operation, "Try it
 * out", type the JSON body, "Execute", read the rendered response; "Authorize" for the bearer key.
 * Selectors are Swagger UI 5's own class names (as served by @fastify/swagger-ui 6).
 */
import type { Locator, Page } from 'playwright-core';

export interface RenderedResponse {
  status: number;
  /** The response body as the page shows it (pretty-printed JSON). */
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies ad hoc
  json(): any;
}

export class ExplorerPage {
  constructor(readonly page: Page) {}

  async open(docsUrl: string): Promise<void> {
    await this.page.goto(docsUrl);
    await this.page.locator('.opblock').first().waitFor({ timeout: 30_000 });
  }

  /** One operation's block (summary, form and rendered responses). */
  operation(tag: string, operationId: string): Locator {
    // Swagger UI writes a tag's spaces as underscores in the block's id.
    return this.page.locator(`#operations-${tag.replaceAll(' ', '_')}-${operationId}`);
  }

  /** Runs one operation through its "Try it out" form, e.g. `tryOut('users', 'readUser', {...})`. */
  async tryOut(tag: string, operationId: string, body: unknown): Promise<RenderedResponse> {
    const operation = this.operation(tag, operationId);
    const summary = operation.locator('.opblock-summary-control');
    if ((await summary.getAttribute('aria-expanded')) !== 'true') await summary.click();
    const tryButton = operation.getByRole('button', { name: 'Try it out', exact: true });
    // The service turns try-it-out on by default; a person would still find the button otherwise.
    if (await tryButton.isVisible()) await tryButton.click();
    // Exact names: by default a role name matches as a substring, and an operation's summary (a
    // button too) may say "clear" ("...remove licenses, clear the manager").
    const clear = operation.getByRole('button', { name: 'Clear', exact: true }).first();
    if (await clear.isVisible()) await clear.click();
    await operation.locator('textarea.body-param__text').fill(JSON.stringify(body, null, 2));
    await operation.getByRole('button', { name: 'Execute', exact: true }).click();
    return readResponse(operation);
  }

  /**
   * Runs one operation with the request body the explorer pre-fills (the document's example), as a
   * person trying the service for the first time does: expand, "Try it out", "Execute".
   */
  async tryOutExample(tag: string, operationId: string): Promise<RenderedResponse & { sent: string }> {
    const operation = this.operation(tag, operationId);
    const summary = operation.locator('.opblock-summary-control');
    if ((await summary.getAttribute('aria-expanded')) !== 'true') await summary.click();
    const tryButton = operation.getByRole('button', { name: 'Try it out', exact: true });
    if (await tryButton.isVisible()) await tryButton.click();
    const sent = await operation.locator('textarea.body-param__text').inputValue();
    await operation.getByRole('button', { name: 'Execute', exact: true }).click();
    return { ...(await readResponse(operation)), sent };
  }

  /** Folds an operation's block away again, so a walk over many keeps the page small (and fast). */
  async collapse(tag: string, operationId: string): Promise<void> {
    const summary = this.operation(tag, operationId).locator('.opblock-summary-control');
    if ((await summary.getAttribute('aria-expanded')) === 'true') await summary.click();
  }

  /** A screenshot of the browser window scrolled to an operation's rendered response. */
  async screenshotResponse(tag: string, operationId: string, path: string): Promise<void> {
    const row = this.operation(tag, operationId).locator('.live-responses-table .response').first();
    await row.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await this.page.screenshot({ path });
  }

  /** Enters an API key in the "Available authorizations" dialog of the bearer scheme `apiKey`. */
  async authorize(key: string): Promise<void> {
    await this.page.locator('.auth-wrapper').getByRole('button', { name: 'Authorize' }).click();
    const dialog = this.page.locator('.modal-ux');
    await dialog.locator('input#auth-bearer-value').fill(key);
    await dialog.getByRole('button', { name: 'Apply credentials' }).click();
    // Once applied, the dialog offers "Logout" (labelled "Remove authorization"): the key is in place.
    await dialog.getByRole('button', { name: 'Remove authorization' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
  }
}

async function readResponse(operation: Locator): Promise<RenderedResponse> {
  const row = operation.locator('.live-responses-table .response').first();
  await row.waitFor({ timeout: 30_000 });
  const status = Number((await row.locator('.response-col_status').textContent())?.trim());
  const text = (await row.locator('.response-col_description pre').first().textContent()) ?? '';
  return { status, text, json: () => JSON.parse(text) };
}
