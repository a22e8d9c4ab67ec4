import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import yauzl from 'yauzl';
import {
  APP_PACKAGE_DIR,
  DEV_DEFAULTS,
  InvalidManifestError,
  MissingSettingsError,
  buildManifest,
  fillPlaceholders,
  manifestSettings,
  packageApp,
  placeholderNames,
} from '../../scripts/package-app';
import { MANIFEST_SCHEMA_VERSION, validateManifest } from '../../scripts/manifest-validation';
import { colorIcon, outlineIcon } from '../../scripts/make-icons';

const SETTINGS = {
  TEAMS_APP_ID: '6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b',
  BOT_ID: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
  AAD_APP_CLIENT_ID: '9a8b7c6d-5e4f-4321-8fed-cba987654321',
  APP_HOST: 'complaints.example.gov.uk',
  DEVELOPER_NAME: 'Example Council',
  APP_VERSION: '1.4.2',
};
const TEMPLATE = readFileSync(join(APP_PACKAGE_DIR, 'manifest.json'), 'utf8');

// Loose view of the manifest for reading values in assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const filled = (): Json => JSON.parse(fillPlaceholders(TEMPLATE, SETTINGS));

describe('app manifest', () => {
  it('uses the newest manifest schema that @microsoft/app-manifest ships, and one that carries Outlook add-ins', () => {
    const schemaDir = join(dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');
    const versions = readdirSync(schemaDir)
      .filter((name) => /^v\d+\.\d+$/.test(name))
      .map((name) => name.slice(1).split('.').map(Number));
    const [major, minor] = versions.sort((a, b) => a[0] - b[0] || a[1] - b[1]).at(-1)!;
    assert.equal(MANIFEST_SCHEMA_VERSION, `${major}.${minor}`);
    assert.equal(filled().manifestVersion, MANIFEST_SCHEMA_VERSION);
    assert.ok(minor >= 17 || major > 1, 'the unified manifest with `extensions` needs 1.17 or later');
    assert.match(filled().$schema, new RegExp(`/v${MANIFEST_SCHEMA_VERSION.replace('.', '\\.')}/MicrosoftTeams\\.schema\\.json$`));
  });

  it('is filled only from the documented settings', () => {
    assert.deepEqual(placeholderNames(TEMPLATE).sort(), Object.keys(SETTINGS).sort());
  });

  it('validates against the official JSON schema once filled', () => {
    assert.deepEqual(validateManifest(filled()), []);
  });

  it('declares the bot in personal, team and group chat with the four commands', () => {
    const [bot] = filled().bots;
    assert.equal(bot.botId, SETTINGS.BOT_ID);
    assert.deepEqual([...bot.scopes].sort(), ['groupChat', 'personal', 'team']);
    const personal = bot.commandLists.find((list: Json) => list.scopes.includes('personal'));
    assert.deepEqual(personal.commands.map((c: Json) => c.title), ['new complaint', 'my cases', 'overdue', 'case']);
    const team = bot.commandLists.find((list: Json) => list.scopes.includes('team'));
    assert.ok(team.scopes.includes('groupChat'));
  });

  it('declares the "Log as complaint" message action served by the bot', () => {
    const [extension] = filled().composeExtensions;
    assert.equal(extension.botId, SETTINGS.BOT_ID);
    const command = extension.commands.find((c: Json) => c.title === 'Log as complaint');
    assert.equal(command.id, 'logAsComplaint');
    assert.equal(command.type, 'action');
    assert.deepEqual(command.context, ['message']);
    assert.equal(command.fetchTask, true);
  });

  it('declares the personal caseload tab, the team tab, SSO and the valid domains', () => {
    const manifest = filled();
    const caseload = manifest.staticTabs.find((tab: Json) => tab.entityId === 'caseload');
    assert.equal(caseload.contentUrl, `https://${SETTINGS.APP_HOST}/tab/`);
    assert.deepEqual(caseload.scopes, ['personal']);
    assert.deepEqual(manifest.configurableTabs[0].scopes, ['team']);
    assert.equal(manifest.configurableTabs[0].configurationUrl, `https://${SETTINGS.APP_HOST}/tab/config.html`);
    assert.deepEqual(manifest.webApplicationInfo, {
      id: SETTINGS.AAD_APP_CLIENT_ID,
      resource: `api://${SETTINGS.APP_HOST}/${SETTINGS.AAD_APP_CLIENT_ID}`,
    });
    assert.ok(manifest.validDomains.includes(SETTINGS.APP_HOST));
  });

  it('declares the Outlook add-in: a mail read button opening the task pane', () => {
    const manifest = filled();
    const [addin] = manifest.extensions;
    assert.deepEqual(addin.requirements.scopes, ['mail']);
    const mailbox = addin.requirements.capabilities.find((c: Json) => c.name === 'Mailbox');
    assert.match(mailbox.minVersion, /^1\.\d+$/);
    const ribbon = addin.ribbons.find((r: Json) => r.contexts.includes('mailRead'));
    const button = ribbon.tabs[0].groups[0].controls.find((c: Json) => c.type === 'button');
    assert.equal(button.label, 'Log as complaint');
    const runtime = addin.runtimes.find((r: Json) => r.actions.some((a: Json) => a.id === button.actionId));
    assert.equal(runtime.actions.find((a: Json) => a.id === button.actionId).type, 'openPage');
    assert.equal(runtime.code.page, `https://${SETTINGS.APP_HOST}/addin/taskpane.html`);
    assert.deepEqual(manifest.authorization.permissions.resourceSpecific, [{ name: 'MailboxItem.Read.User', type: 'Delegated' }]);
  });
});

describe('manifest validation rejects broken manifests', () => {
  it('rejects a bot without an id', () => {
    const manifest = filled();
    delete manifest.bots[0].botId;
    assert.ok(validateManifest(manifest).some((p) => p.startsWith('/bots/0') && p.includes('botId')));
  });

  it('rejects unknown properties, at the root and nested', () => {
    const manifest = filled();
    manifest.complaintsPolicy = 'SPSO';
    manifest.staticTabs[0].colour = 'blue';
    const problems = validateManifest(manifest);
    assert.ok(problems.includes('(manifest root): unknown property "complaintsPolicy"'), problems.join('\n'));
    assert.ok(problems.includes('/staticTabs/0: unknown property "colour"'), problems.join('\n'));
  });

  it('rejects values the schema constrains: a non-GUID app id, an unknown bot scope', () => {
    const manifest = filled();
    manifest.id = 'complaints-app';
    manifest.bots[0].scopes = ['personal', 'everywhere'];
    const problems = validateManifest(manifest);
    assert.ok(problems.some((p) => p.startsWith('/id:')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('/bots/0/scopes/1')), problems.join('\n'));
  });

  it('rejects a message action wired to another bot, a page on an undeclared domain, and a malformed SSO resource', () => {
    const manifest = filled();
    manifest.composeExtensions[0].botId = SETTINGS.TEAMS_APP_ID;
    manifest.staticTabs[0].contentUrl = 'https://elsewhere.example.com/tab/';
    manifest.webApplicationInfo.resource = `https://${SETTINGS.APP_HOST}`;
    const problems = validateManifest(manifest);
    assert.ok(problems.some((p) => p.startsWith('/composeExtensions/0/botId')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('"elsewhere.example.com" is not listed in validDomains')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('/webApplicationInfo/resource')), problems.join('\n'));
  });

  it('rejects a manifest version other than the schema it is checked against', () => {
    assert.deepEqual(validateManifest({ ...filled(), manifestVersion: '1.16' }).length, 1);
  });
});

describe('filling placeholders', () => {
  it('names every missing setting in one error', () => {
    const { BOT_ID: _bot, APP_HOST: _host, ...partial } = SETTINGS;
    assert.throws(
      () => fillPlaceholders(TEMPLATE, partial),
      (error: unknown) =>
        error instanceof MissingSettingsError &&
        [...error.missing].sort().join() === 'APP_HOST,BOT_ID' &&
        /BOT_ID: .*Azure Bot/.test(error.message) &&
        error.message.includes('--dev'),
    );
  });

  it('treats blank values as missing and escapes values for JSON', () => {
    assert.throws(() => fillPlaceholders('{"a":"${{X}}"}', { X: '  ' }), MissingSettingsError);
    assert.deepEqual(JSON.parse(fillPlaceholders('{"a":"${{X}}"}', { X: 'Council "A" \\ B' })), { a: 'Council "A" \\ B' });
  });

  it('takes the environment over dev defaults, and a URL where a host is wanted', () => {
    const values = manifestSettings({ APP_HOST: 'https://chp.example.org/', BOT_ID: '' }, true);
    assert.equal(values.APP_HOST, 'chp.example.org');
    assert.equal(values.BOT_ID, DEV_DEFAULTS.BOT_ID);
    assert.match(values.APP_VERSION!, /^\d+\.\d+\.\d+$/);
    assert.equal(manifestSettings({}, false).BOT_ID, undefined);
  });

  it('refuses ids that are not GUIDs with the setting name', () => {
    assert.throws(
      () => buildManifest({ ...SETTINGS, BOT_ID: 'my-bot' }),
      (error: unknown) => error instanceof InvalidManifestError && error.problems.some((p) => p.startsWith('BOT_ID must be a GUID')),
    );
  });
});

function zipEntries(file: string): Promise<Map<string, Buffer>> {
  return new Promise((done, fail) => {
    yauzl.open(file, { lazyEntries: true }, (openError, zip) => {
      if (openError) return fail(openError);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (readError, stream) => {
          if (readError) return fail(readError);
          const parts: Buffer[] = [];
          stream.on('data', (part: Buffer) => parts.push(part));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(parts));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => done(entries));
      zip.on('error', fail);
      zip.readEntry();
    });
  });
}

describe('npm run package', () => {
  let workDir: string;
  beforeEach(() => (workDir = mkdtempSync(join(tmpdir(), 'chp-app-package-'))));
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));

  it('zips the filled manifest and both icons at the root of app.zip', async () => {
    const outFile = join(workDir, 'app.zip');
    await packageApp({ env: SETTINGS, dev: false, outFile });
    const entries = await zipEntries(outFile);
    assert.deepEqual([...entries.keys()].sort(), ['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    assert.doesNotMatch(JSON.stringify(manifest), /\$\{\{/);
    assert.equal(manifest.id, SETTINGS.TEAMS_APP_ID);
    assert.deepEqual(validateManifest(manifest), []);
    assert.deepEqual(entries.get('color.png'), readFileSync(join(APP_PACKAGE_DIR, 'color.png')));
    assert.deepEqual(entries.get('outline.png'), readFileSync(join(APP_PACKAGE_DIR, 'outline.png')));
  });

  it('builds with the development defaults when asked', async () => {
    const { manifest } = await packageApp({ env: {}, dev: true, outFile: join(workDir, 'dev.zip') });
    assert.equal(manifest.id, DEV_DEFAULTS.TEAMS_APP_ID);
  });

  it('as a command, exits non-zero and names the missing settings', async () => {
    const script = join(APP_PACKAGE_DIR, '..', 'scripts', 'package-app.ts');
    const env = { PATH: process.env.PATH, HOME: workDir, APP_HOST: SETTINGS.APP_HOST };
    // cwd is an empty folder so that a developer's .env cannot supply the settings.
    const result = await new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = execFile(process.execPath, ['--require', require.resolve('tsx/cjs'), script, '--out', join(workDir, 'x.zip')], { cwd: workDir, env }, (_error, _stdout, stderr) =>
        done({ code: child.exitCode, stderr }),
      );
    });
    assert.equal(result.code, 1);
    for (const name of ['TEAMS_APP_ID', 'BOT_ID', 'AAD_APP_CLIENT_ID', 'DEVELOPER_NAME']) assert.match(result.stderr, new RegExp(`${name}: `));
    assert.doesNotMatch(result.stderr, /APP_HOST: /);
  });
});

/** Decodes the PNGs make-icons writes: 8-bit RGBA, unfiltered rows. */
function decodePng(png: Buffer): { width: number; height: number; rgba: Buffer } {
  assert.deepEqual(png.subarray(0, 8), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      [width, height] = [body.readUInt32BE(0), body.readUInt32BE(4)];
      assert.deepEqual([body[8], body[9]], [8, 6], 'expected 8-bit RGBA');
    }
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (width * 4 + 1)], 0, 'expected unfiltered rows');
    raw.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, rgba };
}

describe('app icons', () => {
  const read = (name: string) => readFileSync(join(APP_PACKAGE_DIR, name));

  it('are the committed output of scripts/make-icons.ts', () => {
    assert.deepEqual(read('color.png'), colorIcon(192));
    assert.deepEqual(read('outline.png'), outlineIcon(32));
    for (const size of [16, 32, 80]) assert.deepEqual(read(`addin-icons/icon-${size}.png`), colorIcon(size));
  });

  it('color.png is 192x192 and opaque', () => {
    const { width, height, rgba } = decodePng(read('color.png'));
    assert.deepEqual([width, height], [192, 192]);
    for (let i = 3; i < rgba.length; i += 4) assert.equal(rgba[i], 255);
  });

  it('outline.png is 32x32, white on transparent', () => {
    const { width, height, rgba } = decodePng(read('outline.png'));
    assert.deepEqual([width, height], [32, 32]);
    let opaque = 0;
    let transparent = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      if (rgba[i + 3] > 0) assert.deepEqual([rgba[i], rgba[i + 1], rgba[i + 2]], [255, 255, 255], `pixel ${i / 4} is not white`);
      if (rgba[i + 3] === 255) opaque++;
      if (rgba[i + 3] === 0) transparent++;
    }
    assert.ok(opaque > 50 && transparent > 500, `expected a visible glyph on a transparent field (${opaque} opaque, ${transparent} clear)`);
  });
});
