/**
 * Which Chromium the reports and browser tests start: `CHP_CHROMIUM_PATH`, then a system Chromium,
 * then the one inside the npm package @sparticuz/chromium. The system path list is passed in, so a
 * machine without /usr/bin/chromium is simulated here; the npm Chromium is then really started and
 * prints a PDF whose text is read back and whose fonts are its own (so no system fonts are needed).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { chooseChromium, DEFAULT_SYSTEM_PATHS, systemPathsFrom } from '../../reports/chromium';
import { PdfRenderer } from '../../reports/pdf';
import { pdfText } from '../support/pdfText';

describe('governance: which Chromium prints the PDFs', function () {
  this.timeout(120_000);
  let dir: string;
  let configured: string;
  let system: string;
  const missing = '/nowhere/chromium';
  /** The process's environment without the settings under test. */
  const plainEnv = (): NodeJS.ProcessEnv => {
    const env = { ...process.env };
    delete env.CHP_CHROMIUM_PATH;
    delete env.CHP_CHROMIUM_SYSTEM_PATHS;
    return env;
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-chromium-choice-'));
    configured = path.join(dir, 'configured-chromium');
    system = path.join(dir, 'system-chromium');
    fs.writeFileSync(configured, '');
    fs.writeFileSync(system, '');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('CHP_CHROMIUM_PATH wins over a system Chromium', async () => {
    const choice = await chooseChromium({ env: { ...plainEnv(), CHP_CHROMIUM_PATH: configured }, systemPaths: [system] });
    assert.equal(choice.source, 'CHP_CHROMIUM_PATH');
    assert.equal(choice.launch.executablePath, configured);
  });

  it('a CHP_CHROMIUM_PATH with no file there is an error naming the setting, not a quiet fallback', async () => {
    await assert.rejects(
      chooseChromium({ env: { ...plainEnv(), CHP_CHROMIUM_PATH: missing }, systemPaths: [system] }),
      /CHP_CHROMIUM_PATH is "\/nowhere\/chromium", but there is no file there/,
    );
  });

  it('without CHP_CHROMIUM_PATH (unset or empty), the first system Chromium that exists', async () => {
    for (const env of [plainEnv(), { ...plainEnv(), CHP_CHROMIUM_PATH: '' }]) {
      const choice = await chooseChromium({ env, systemPaths: [missing, system] });
      assert.equal(choice.source, 'system');
      assert.equal(choice.launch.executablePath, system);
      assert.equal(choice.launch.env, undefined, 'a system Chromium runs with the process environment');
    }
  });

  it('CHP_CHROMIUM_SYSTEM_PATHS replaces the system list; empty, it hides the system browser', async () => {
    assert.deepEqual(systemPathsFrom({}), DEFAULT_SYSTEM_PATHS);
    assert.deepEqual(DEFAULT_SYSTEM_PATHS, ['/usr/bin/chromium']);
    assert.deepEqual(systemPathsFrom({ CHP_CHROMIUM_SYSTEM_PATHS: '' }), []);
    assert.deepEqual(systemPathsFrom({ CHP_CHROMIUM_SYSTEM_PATHS: `${missing}:${system}` }), [missing, system]);
    const choice = await chooseChromium({ env: { ...plainEnv(), CHP_CHROMIUM_SYSTEM_PATHS: `${missing}:${system}` } });
    assert.equal(choice.launch.executablePath, system);
  });

  it('with neither, the npm package’s Chromium: started with its own fonts and libraries, it prints a readable PDF', async () => {
    const choice = await chooseChromium({ env: plainEnv(), systemPaths: [] });
    assert.equal(choice.source, 'npm');
    const { executablePath, args, env } = choice.launch;
    assert.ok(fs.statSync(executablePath).isFile(), `${executablePath} was extracted`);
    assert.ok(fs.existsSync(path.join(env?.FONTCONFIG_PATH ?? '', 'fonts.conf')), 'the bundled fonts.conf is used');
    assert.ok(fs.existsSync(path.join(env?.LD_LIBRARY_PATH?.split(':')[0] ?? '', 'libnss3.so')), 'the bundled NSS comes first');
    // Lambda-only or security-weakening flags of the package are not passed on.
    for (const flag of ['--single-process', '--no-zygote', '--disable-web-security', '--allow-running-insecure-content']) {
      assert.ok(!args.includes(flag), flag);
    }

    // Two pages at once (not a single process) and a PDF through the reports' own renderer path.
    const browser = await chromium.launch(choice.launch);
    try {
      const pages = await Promise.all([browser.newPage(), browser.newPage()]);
      await Promise.all(pages.map((page, i) => page.setContent(`<p id="p">page ${i}</p>`)));
      assert.deepEqual(await Promise.all(pages.map((page) => page.textContent('#p'))), ['page 0', 'page 1']);
      await pages[1].setContent('<h1 style="font-family:Arial,sans-serif">Comhairle Baile Ghlinn Mhòir – complaints</h1><p style="font-family:serif">Total complaints received 671</p>');
      const pdf = await pages[1].pdf({ format: 'A4' });
      const text = await pdfText(pdf);
      assert.match(text, /Comhairle Baile Ghlinn Mhòir – complaints/);
      assert.match(text, /Total complaints received 671/);
      // Whatever family the page asks for, the glyphs come from the package's Open Sans, not the host.
      const fontNames = new Set(pdf.toString('latin1').match(/\/BaseFont\s*\/[A-Z]{6}\+[A-Za-z-]+/g));
      assert.ok(fontNames.size > 0, 'the PDF names its fonts');
      for (const name of fontNames) assert.match(name, /OpenSans/);
    } finally {
      await browser.close();
    }
  });

  it('the reports’ PdfRenderer prints with the npm Chromium when the system one is hidden', async () => {
    const saved = process.env.CHP_CHROMIUM_SYSTEM_PATHS;
    const savedPath = process.env.CHP_CHROMIUM_PATH;
    process.env.CHP_CHROMIUM_SYSTEM_PATHS = '';
    delete process.env.CHP_CHROMIUM_PATH;
    const renderer = new PdfRenderer();
    try {
      const pdf = await renderer.render('<!doctype html><html lang="en"><title>t</title><h1>Glenmore Council</h1></html>', 'Glenmore Council — Quarterly report');
      const text = await pdfText(pdf);
      assert.match(text, /Glenmore Council/);
      assert.match(text, /Page 1 of 1/);
      assert.match(pdf.toString('latin1'), /OpenSans/);
    } finally {
      await renderer.close();
      if (saved === undefined) delete process.env.CHP_CHROMIUM_SYSTEM_PATHS;
      else process.env.CHP_CHROMIUM_SYSTEM_PATHS = saved;
      if (savedPath !== undefined) process.env.CHP_CHROMIUM_PATH = savedPath;
    }
  });
});
