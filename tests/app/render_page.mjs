// SPDX-License-Identifier: MIT
// The page's DOM once the app has rendered it: `node tests/app/render_page.mjs <url> <text>` opens
// <url> in Debian's chromium (playwright-core, no wallet), waits until <text> is on the page or
// the app has left "Loading…" (at most TIMEOUT_MS: a loaded machine is slow, not wrong), and
// prints the DOM. `chromium --dump-dom` stopped at a virtual time budget instead, which a loaded
// CI machine could spend before the app's first reads came back.
import { chromium } from 'playwright-core';

const TIMEOUT_MS = 90_000;
const [url, text] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage();
  await page.goto(url);
  await page
    .waitForFunction((wanted) => document.body.innerText.includes(wanted) || !document.querySelector('#main .muted'), text, {
      timeout: TIMEOUT_MS,
    })
    .catch(() => {});
  process.stdout.write(await page.content());
} finally {
  await browser.close();
}
