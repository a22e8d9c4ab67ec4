/**
 * `npm start` end to end: the real entry point in a child process on the embedded store — seeds on
 * first run (with development sign-in or --demo, never in production), prints the URLs, finishes
 * in-flight requests on SIGTERM, loses no acknowledged write, and does not seed twice.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
/**
 * What `npm start` runs. Not the tsx CLI: it relays SIGTERM to its child and SIGKILLs it if the
 * child does not confirm within 30 ms, which a busy server can miss — losing in-flight requests.
 */
const START_COMMAND = ['--import', 'tsx', 'server/main.ts'];

interface Started {
  child: ChildProcess;
  output: () => string;
  /** Standard output alone (App Service keeps it as the application log). */
  stdout: () => string;
  baseUrl: string;
  exited: Promise<number | null>;
}

/** Runs `npm start`'s command on a data dir, collecting what it prints. */
function launch(dataDir: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Omit<Started, 'baseUrl'> {
  const child = spawn(process.execPath, [...START_COMMAND, ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', CHP_DEV_SIGNIN: '1', PORT: '0', HOST: '127.0.0.1', CHP_DATA_DIR: dataDir, PUBLIC_BASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  child.stdout?.on('data', (d) => {
    output += d;
    stdout += d;
  });
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, stdout: () => stdout, exited };
}

/** Launches and waits until it serves (the URLs are printed). */
async function start(dataDir: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Started> {
  const launched = launch(dataDir, args, env);
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /Bot endpoint\s+(http:\/\/[^/\s]+)\/api\/messages/.exec(launched.output());
      if (match) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 50);
    void launched.exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`npm start exited with ${code}:\n${launched.output()}`));
    });
  });
  return { ...launched, baseUrl };
}

const complaint = (n: number) => ({
  kind: 'complaint',
  channel: 'phone',
  customer: { withheldDetails: true, anonymous: false, name: `Caller ${n}` },
  nature: `Shutdown test complaint ${n}.`,
  service: 'Roads and Transport',
});

describe('server: npm start', function () {
  this.timeout(120_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-main-'));
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts, seeds, stops cleanly on SIGTERM without losing a write, and restarts without seeding again', async () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    assert.equal(scripts.start, `node ${START_COMMAND.join(' ')}`);
    const first = await start(dataDir);
    assert.match(first.output(), /Seeded 2 demo organisations with \d+ cases/);
    assert.match(first.output(), /Teams tab\s+http:\/\/127\.0\.0\.1:\d+\/tab\//);
    assert.match(first.output(), /Outlook add-in pane\s+http:\/\/127\.0\.0\.1:\d+\/addin\//);
    assert.match(first.output(), /Development sign-in is ON/);
    const me = await fetch(`${first.baseUrl}/api/me`, { headers: { 'X-Dev-User': 'demo-director' } });
    assert.equal(((await me.json()) as { devSignIn: boolean }).devSignIn, true);

    // Ten writes at once; SIGTERM as soon as the first is answered, while the rest are in flight.
    const writes = Array.from({ length: 10 }, (_, n) =>
      fetch(`${first.baseUrl}/api/cases`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Dev-User': 'demo-director' },
        body: JSON.stringify(complaint(n)),
      }).then(
        async (res) => ({ status: res.status, reference: ((await res.json()) as { reference?: string }).reference }),
        () => ({ status: 0, reference: undefined }),
      ),
    );
    await Promise.race(writes);
    first.child.kill('SIGTERM');
    const answered = (await Promise.all(writes)).filter((w) => w.status === 201);
    assert.equal(await first.exited, 0);
    assert.match(first.output(), /Stopped cleanly/);
    assert.ok(answered.length >= 1);

    const second = await start(dataDir, ['--no-seed']);
    try {
      assert.doesNotMatch(second.output(), /Seeded/);
      for (const { reference } of answered) {
        const res = await fetch(`${second.baseUrl}/api/cases/${reference}`, { headers: { 'X-Dev-User': 'demo-director' } });
        assert.equal(res.status, 200, `${reference} was acknowledged before shutdown but is missing after restart`);
      }
    } finally {
      second.child.kill('SIGINT');
      assert.equal(await second.exited, 0);
    }
    const third = await start(dataDir);
    third.child.kill('SIGTERM');
    await third.exited;
    assert.doesNotMatch(third.output(), /Seeded/, 'an existing store is never seeded again');
  });

  it('is ready once serving, and writes each request as one JSON line on stdout, without the query string', async () => {
    const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-main-log-'));
    const server = await start(logDir, ['--no-seed']);
    try {
      assert.match(server.output(), /Ready\s+http:\/\/127\.0\.0\.1:\d+\/readyz/);
      const ready = await fetch(`${server.baseUrl}/readyz`);
      assert.equal(ready.status, 200);
      assert.deepEqual(await ready.json(), { status: 'ready', checks: { store: 'ok', documents: 'ok' } });
      const res = await fetch(`${server.baseUrl}/api/cases?text=Morag%20Campbell`, { headers: { 'X-Dev-User': 'nobody-here', 'X-Request-Id': 'stdout-check-0001' } });
      assert.equal(res.status, 401);
      await res.arrayBuffer();
      let line: Record<string, unknown> | undefined;
      for (let wait = 0; wait < 50 && !line; wait++) {
        line = server
          .stdout()
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .find((l) => l.correlationId === 'stdout-check-0001' && l.message === 'request');
        if (!line) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.ok(line, `no access line on stdout:\n${server.stdout()}`);
      assert.deepEqual({ ...line, time: typeof line.time, durationMs: typeof line.durationMs }, {
        time: 'string',
        level: 'info',
        message: 'request',
        method: 'GET',
        path: '/api/cases',
        status: 401,
        durationMs: 'number',
        correlationId: 'stdout-check-0001',
      });
      assert.doesNotMatch(server.output(), /Morag|Campbell/);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      fs.rmSync(logDir, { recursive: true, force: true });
    }
  });

  it('stops promptly while a client keeps its kept-alive connections busy', async () => {
    const busyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-main-busy-'));
    const server = await start(busyDir, ['--no-seed']);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    let answered = 0;
    let stopped = false;
    const getHealth = () =>
      new Promise<void>((resolve, reject) => {
        const req = http.get(`${server.baseUrl}/healthz`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve());
        });
        req.on('error', reject);
      });
    // Four clients, each sending its next request as soon as the last is answered, until refused.
    const clients = Array.from({ length: 4 }, async () => {
      while (!stopped) {
        try {
          await getHealth();
          answered += 1;
        } catch {
          return;
        }
      }
    });
    try {
      while (answered < 40) await new Promise((resolve) => setTimeout(resolve, 20));
      server.child.kill('SIGTERM');
      assert.equal(await server.exited, 0);
      assert.match(server.output(), /Stopped cleanly/);
      assert.doesNotMatch(server.output(), /Closing the connections still open/, 'every connection closed after its answer, none had to be cut');
    } finally {
      stopped = true;
      await Promise.all(clients);
      agent.destroy();
      fs.rmSync(busyDir, { recursive: true, force: true });
    }
  });

  it('on Ctrl-C while the demo data is being written, finishes writing it, then stops without serving', async () => {
    const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-main-seed-'));
    const { child, output, exited } = launch(freshDir);
    try {
      while (!/Writing the demo data/.test(output())) {
        if (child.exitCode !== null) assert.fail(`exited before seeding:\n${output()}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      child.kill('SIGINT');
      assert.equal(await exited, 0, output());
      assert.match(output(), /SIGINT: stopping as soon as start-up reaches a safe point/);
      assert.match(output(), /Seeded 2 demo organisations with \d+ cases/, 'the seed was finished, not cut short');
      assert.match(output(), /Stopped cleanly/);
      assert.doesNotMatch(output(), /Bot endpoint/, 'it did not start serving');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(freshDir, { recursive: true, force: true });
    }
  });

  it('says in words when the port is taken, and how to choose another', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const child = spawn(process.execPath, [...START_COMMAND, '--no-seed'], {
        cwd: ROOT,
        env: { ...process.env, NODE_ENV: 'development', CHP_DEV_SIGNIN: '1', PORT: String(port), HOST: '127.0.0.1', CHP_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'chp-port-')) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stderr?.on('data', (d) => (output += d));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      assert.equal(code, 1);
      assert.match(output, new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use.*PORT=${port + 1} npm start`));
      assert.doesNotMatch(output, /EADDRINUSE|at Server/, 'no stack trace');
    } finally {
      busy.close();
    }
  });

  /** What production needs to start: Entra sign-in and an authenticated bot; no development sign-in. */
  const PRODUCTION = {
    NODE_ENV: 'production',
    CHP_DEV_SIGNIN: '',
    CHP_BOT_DEFAULT_ORG: '',
    ENTRA_CLIENT_ID: '00000000-0000-4000-8000-0000000000c1',
    ENTRA_ALLOWED_TENANTS: '00000000-0000-4000-8000-0000000000a1',
    MicrosoftAppId: '00000000-0000-4000-8000-0000000000c1',
    MicrosoftAppPassword: 'not-used-here',
    MicrosoftAppTenantId: '00000000-0000-4000-8000-0000000000a1',
  };

  it('in production, on an empty store, creates no organisation and says how to create one', async () => {
    const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-main-production-'));
    const server = await start(emptyDir, [], PRODUCTION);
    try {
      assert.doesNotMatch(server.output(), /Writing the demo data|Seeded/);
      assert.match(server.output(), /The store holds no organisation yet: create one with "chp org create"/);
      assert.doesNotMatch(server.output(), /Development sign-in is ON/);
      // The chp command line attaches to the running server's store, as an IT team would use it.
      const listed = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, [path.join(ROOT, 'bin/chp.js'), 'org', 'list'], { cwd: ROOT, env: { ...process.env, CHP_DATA_DIR: emptyDir } }, (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
        ),
      );
      assert.deepEqual((JSON.parse(listed) as { orgs: unknown[] }).orgs, []);
      const me = await fetch(`${server.baseUrl}/api/dev/users`);
      assert.equal(me.status, 401, 'no development sign-in in production');
    } finally {
      server.child.kill('SIGTERM');
      assert.equal(await server.exited, 0);
      fs.rmSync(emptyDir, { recursive: true, force: true });
    }
  });

  it('refuses --demo in production with a message saying what to do instead', async () => {
    const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-main-demo-'));
    try {
      const { output, exited } = launch(emptyDir, ['--demo'], PRODUCTION);
      assert.equal(await exited, 1);
      assert.match(output(), /--demo is refused when NODE_ENV=production.*chp org create/);
      assert.doesNotMatch(output(), /Seeded|at main/);
    } finally {
      fs.rmSync(emptyDir, { recursive: true, force: true });
    }
  });

  it('without development sign-in, seeds the demo only when asked with --demo', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-main-nodemo-'));
    const entraOnly = { CHP_DEV_SIGNIN: '0', ENTRA_CLIENT_ID: PRODUCTION.ENTRA_CLIENT_ID, ENTRA_ALLOWED_TENANTS: PRODUCTION.ENTRA_ALLOWED_TENANTS };
    try {
      const plain = await start(dir, [], entraOnly);
      plain.child.kill('SIGTERM');
      assert.equal(await plain.exited, 0);
      assert.doesNotMatch(plain.output(), /Seeded/);
      assert.match(plain.output(), /holds no organisation yet/);
      const asked = await start(dir, ['--demo'], entraOnly);
      asked.child.kill('SIGTERM');
      assert.equal(await asked.exited, 0);
      assert.match(asked.output(), /Seeded 2 demo organisations/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start with development sign-in in production', async () => {
    const child = spawn(process.execPath, START_COMMAND, {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', CHP_DEV_SIGNIN: '1', CHP_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr?.on('data', (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
    assert.match(output, /CHP_DEV_SIGNIN: development sign-in cannot be enabled when NODE_ENV=production/);
  });
});
