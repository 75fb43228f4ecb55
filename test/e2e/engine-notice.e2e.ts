// Engine versions on the page (docs/links.md, "Engine versions"): a link made with an older engine
// opens with a notice listing what changed since; a link from a newer engine says to reload; a
// link of the running engine opens without one. The run opens in every case.
import assert from 'node:assert/strict';
import { deflateSync } from 'fflate';
import type { Page } from 'playwright-core';
import { encodeBase64url } from '../../src/share/base64url.ts';
import { stripDefaults } from '../../src/share/compact.ts';
import { LINK_DICTIONARY_V1 } from '../../src/share/dictionary-v1.ts';
import { readGolden } from '../../src/share/golden-node.ts';
import { decodeLink, encodeLink } from '../../src/share/link.ts';
import { seal } from '../../src/share/seal.ts';
import { changesSince, ENGINE_VERSION } from '../../src/sim/engine-version.ts';
import type { E2ETest } from './harness.ts';

/** A v1 link for a document as a page of engine `engine` would have made it. */
function linkMadeWith(link: string, engine: number): string {
  const decoded = decodeLink(link);
  if (!decoded.ok) throw new Error(decoded.error.message);
  const json = JSON.stringify({ scenario: stripDefaults(decoded.doc.scenario), engine });
  const deflated = deflateSync(new TextEncoder().encode(json), { level: 9, dictionary: LINK_DICTIONARY_V1 });
  return `v1.${encodeBase64url(seal(deflated))}`;
}

async function openLink(page: Page, url: string, link: string): Promise<void> {
  await page.goto(`${url}#${link}`);
  await page.waitForFunction(() => (globalThis as { __zkRun?: unknown }).__zkRun !== undefined, undefined, {
    timeout: 60_000,
  });
}

const welcome = readGolden().find((g) => g.name === 'welcome');
if (welcome === undefined) throw new Error('no golden welcome link');

export const tests: E2ETest[] = [
  {
    name: 'a link of the running engine opens without a notice; a newer engine’s link says to reload',
    async run({ page, url }) {
      const decoded = decodeLink(welcome.link);
      if (!decoded.ok) throw new Error(decoded.error.message);
      const made = encodeLink({ scenario: decoded.doc.scenario });
      if (!made.ok) throw new Error(made.error.message);
      await openLink(page, url, made.link);
      assert.equal(await page.locator('[data-testid="engine-notice"]').count(), 0);

      await openLink(page, url, linkMadeWith(welcome.link, ENGINE_VERSION + 1));
      const notice = page.locator('[data-testid="engine-notice"]');
      assert.equal(await notice.getAttribute('data-engine'), String(ENGINE_VERSION + 1));
      assert.match((await notice.textContent()) ?? '', /reload/);
      await notice.getByRole('button').click();
      assert.equal(await notice.count(), 0, 'dismissed');
    },
  },
  {
    name: 'a link made before engine versions opens as engine 1, with what changed since',
    async run({ page, url }) {
      await openLink(page, url, welcome.link);
      const lines = changesSince(1).flatMap((c) => c.changes);
      const notice = page.locator('[data-testid="engine-notice"]');
      assert.equal(await notice.count(), lines.length === 0 ? 0 : 1);
      for (const line of lines) assert.ok(((await notice.textContent()) ?? '').includes(line.en), line.en);
    },
  },
];
