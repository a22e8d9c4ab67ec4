// Checks the Bicep deployment against the code it deploys, without Azure and without the bicep compiler (not
// installable offline): module wiring, parameters file, Cosmos containers vs store/schema.ts, app settings vs
// server/config.ts, document storage vs store/documents-connect.ts (keyless, managed identity).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { INFRA_CONTAINERS_FILE, infraContainersJson } from '../../scripts/infra-containers';
import { loadConfig } from '../../server/config';
import { BLOB_CONTAINER_NAME } from '../../store/documents-connect';

const ROOT = join(__dirname, '..', '..');
const INFRA = join(ROOT, 'infra');
const read = (path: string) => readFileSync(path, 'utf8');

interface BicepParam {
  name: string;
  hasDefault: boolean;
  secure: boolean;
}

/** `param` declarations of a Bicep file, with whether a default or @secure() applies. */
function bicepParams(source: string): BicepParam[] {
  const lines = source.split('\n');
  return lines.flatMap((line, i) => {
    const match = /^param (\w+) \w+( = .+)?$/.exec(line.trim());
    if (!match) return [];
    let secure = false;
    for (let j = i - 1; j >= 0 && lines[j].trim().startsWith('@'); j--) if (lines[j].trim() === '@secure()') secure = true;
    return [{ name: match[1], hasDefault: Boolean(match[2]), secure }];
  });
}

/** `module NAME 'path' = { ... params: { key: ... } }` blocks, read by indentation (two spaces per level). */
function bicepModules(source: string): { symbol: string; path: string; params: string[] }[] {
  const lines = source.split('\n');
  const modules: { symbol: string; path: string; params: string[] }[] = [];
  lines.forEach((line, i) => {
    const match = /^module (\w+) '([^']+)' = \{$/.exec(line);
    if (!match) return;
    const params: string[] = [];
    const start = lines.indexOf('  params: {', i);
    for (let j = start + 1; j < lines.length && lines[j] !== '  }'; j++) {
      const key = /^ {4}(\w+):/.exec(lines[j]);
      if (key) params.push(key[1]);
    }
    modules.push({ symbol: match[1], path: match[2], params });
  });
  return modules;
}

function appSettings(): Map<string, string> {
  const source = read(join(INFRA, 'modules', 'webapp.bicep'));
  return new Map([...source.matchAll(/\{ name: '([^']+)', value: (.+) \}/g)].map((m) => [m[1], m[2]]));
}

describe('infra (Bicep)', () => {
  const main = read(join(INFRA, 'main.bicep'));

  it('creates the Cosmos containers store/schema.ts defines (regenerate with scripts/infra-containers.ts)', () => {
    assert.equal(read(INFRA_CONTAINERS_FILE), infraContainersJson());
    const ids = (JSON.parse(read(INFRA_CONTAINERS_FILE)) as { id: string }[]).map((c) => c.id);
    assert.deepEqual(ids, ['cases', 'orgs', 'references', 'aggregates', 'conversations', 'leases', 'improvements', 'awareness', 'audit']);
    assert.match(read(join(INFRA, 'modules', 'cosmos.bicep')), /loadJsonContent\('cosmos-containers\.json'\)/);
  });

  it('passes every module exactly the parameters it declares, and all it needs', () => {
    const modules = bicepModules(main);
    assert.deepEqual(modules.map((m) => m.symbol).sort(), ['bot', 'cosmos', 'keyVault', 'monitoring', 'storage', 'webApp']);
    for (const module of modules) {
      const file = join(INFRA, module.path);
      assert.ok(existsSync(file), `${module.path} is missing`);
      const declared = bicepParams(read(file));
      for (const passed of module.params)
        assert.ok(declared.some((p) => p.name === passed), `${module.symbol} passes "${passed}", which ${module.path} does not declare`);
      for (const needed of declared.filter((p) => !p.hasDefault))
        assert.ok(module.params.includes(needed.name), `${module.symbol} does not pass required "${needed.name}" to ${module.path}`);
    }
  });

  it('has a parameters file naming only declared parameters, with secrets left to the command line', () => {
    const declared = bicepParams(main);
    const file = JSON.parse(read(join(INFRA, 'main.parameters.json'))) as { parameters: Record<string, unknown> };
    for (const name of Object.keys(file.parameters)) assert.ok(declared.some((p) => p.name === name), `main.parameters.json sets undeclared "${name}"`);
    for (const param of declared.filter((p) => !p.hasDefault)) {
      if (param.secure) {
        assert.ok(!(param.name in file.parameters), `secret "${param.name}" must not be in main.parameters.json`);
        assert.match(read(join(ROOT, 'README.md')), new RegExp(`${param.name}=`), `README's deploy command must pass ${param.name}`);
      } else assert.ok(param.name in file.parameters, `required "${param.name}" is missing from main.parameters.json`);
    }
  });

  it('gives the server a production configuration it accepts, with secrets only as Key Vault references', () => {
    const settings = appSettings();
    for (const secret of ['COSMOS_KEY', 'ENTRA_CLIENT_SECRET', 'MicrosoftAppPassword'])
      assert.match(settings.get(secret) ?? '', /^'@Microsoft\.KeyVault\(SecretUri=\$\{\w+\}\)'$|^entraClientSecretRef$/, `${secret} must come from Key Vault`);
    assert.match(read(join(INFRA, 'modules', 'webapp.bicep')), /^var entraClientSecretRef = '@Microsoft\.KeyVault\(SecretUri=\$\{entraClientSecretUri\}\)'$/m);
    assert.ok(!settings.has('CHP_DEV_SIGNIN'), 'development sign-in must never be set in Azure');
    // Literal values as written; expressions replaced by a plausible value of the right shape.
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of settings) {
      const literal = /^'([^'$]*)'$/.exec(value);
      env[name] = literal ? literal[1] : /ENDPOINT|URL/.test(name) ? 'https://example.azure.net/' : 'value-from-azure';
    }
    const config = loadConfig(env);
    assert.equal(config.production, true);
    assert.equal(config.devSignIn, false);
    assert.equal(config.host, '0.0.0.0');
    assert.ok(config.cosmos, 'the deployed server must use Azure Cosmos DB, not the embedded store');
    assert.ok(config.entra, 'the deployed server must verify Entra tokens');
    assert.ok(config.blob, 'the deployed server must keep documents in Azure Blob Storage, not the local Azurite');
  });

  it('keeps documents in a private, keyless storage account the web app’s identity may use', () => {
    const storage = read(join(INFRA, 'modules', 'storage.bicep'));
    for (const rule of [/allowBlobPublicAccess: false/, /allowSharedKeyAccess: false/, /minimumTlsVersion: 'TLS1_2'/, /supportsHttpsTrafficOnly: true/, /publicAccess: 'None'/])
      assert.match(storage, rule);
    // Storage Blob Data Contributor, for the identity the web app runs as.
    assert.match(storage, /storageBlobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'/);
    assert.match(storage, /principalId: blobContributorPrincipalId/);
    assert.match(main, /blobContributorPrincipalId: identity\.properties\.principalId/);
    assert.match(main, /identityClientId: identity\.properties\.clientId/);
    // The same container name reaches the account and the app, and the app accepts it.
    const container = /^var documentsContainer = '([^']+)'$/m.exec(main)?.[1];
    assert.ok(container && BLOB_CONTAINER_NAME.test(container), `documentsContainer "${container}" must be a valid container name`);
    assert.match(main, /containerName: documentsContainer/);
    assert.match(main, /blobContainer: documentsContainer/);
    const settings = appSettings();
    assert.equal(settings.get('BLOB_ACCOUNT_URL'), 'blobAccountUrl');
    assert.match(main, /blobAccountUrl: storage\.outputs\.blobEndpoint/);
    assert.equal(settings.get('BLOB_CONTAINER'), 'blobContainer');
    assert.equal(settings.get('AZURE_CLIENT_ID'), 'identityClientId', 'DefaultAzureCredential must pick the user-assigned identity');
    const everything = [main, ...['webapp', 'storage'].map((m) => read(join(INFRA, 'modules', `${m}.bicep`)))].join('\n');
    assert.doesNotMatch(everything, /AccountKey=|storage\w*\.listKeys\(|account\.listKeys\(|AZURE_STORAGE_CONNECTION_STRING|BLOB_KEY/, 'no storage key or connection string anywhere');
  });

  it('has App Service health-check the readiness route (the store answers), which the server serves', () => {
    // App Service takes an instance out of the load balancer when this path fails: readiness, not liveness.
    const webapp = read(join(INFRA, 'modules', 'webapp.bicep'));
    assert.equal(/healthCheckPath: '([^']+)'/.exec(webapp)?.[1], '/readyz');
    assert.match(read(join(ROOT, 'server', 'operations.ts')), /router\.get\('\/readyz'/);
  });

  it('points the bot at the server and outputs the settings `npm run package` needs', () => {
    assert.match(main, /messagingEndpoint: 'https:\/\/\$\{appHost\}\/api\/messages'/);
    assert.match(read(join(INFRA, 'modules', 'bot.bicep')), /name: 'MsTeamsChannel'/);
    for (const output of ['appHost', 'botAppId', 'aadAppClientId']) assert.match(main, new RegExp(`^output ${output} string`, 'm'));
    assert.ok(existsSync(join(dirname(INFRA_CONTAINERS_FILE), 'cosmos.bicep')));
  });
});
