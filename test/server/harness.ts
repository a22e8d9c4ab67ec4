/**
 * A real server for the HTTP tests: the embedded Cosmos-protocol store in a temporary directory, the
 * demo organisations seeded through the core, a local JWKS endpoint whose keys sign test tokens, and
 * the app on a free port. Two tenants: Glenmore (tenant A) and Riverside (tenant B).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../store/embedded';
import { openStore, type Store } from '../../store/index';
import { createApp, type AppDeps, type Logger } from '../../server/app';
import { createEntraVerifier } from '../../server/auth/entra';
import { seedDemo } from '../../server/seed';

export const TENANT_A = '11111111-1111-4111-8111-111111111111';
export const TENANT_B = '22222222-2222-4222-8222-222222222222';
export const TENANT_UNLISTED = '33333333-3333-4333-8333-333333333333';
export const AUDIENCE = 'api://chp-test';
export const ISSUER_TEMPLATE = 'https://login.example.test/{tid}/v2.0';
/** A fixed "now": Tuesday 10 March 2026, 10:00 London. */
export const NOW = new Date('2026-03-10T10:00:00Z');

export interface Running {
  baseUrl: string;
  close(): Promise<void>;
}

export async function listen(app: ReturnType<typeof createApp>): Promise<Running> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Captures server-side error logs so tests can check a 5xx was logged and not leaked. */
export class MemoryLogger implements Logger {
  readonly errors: { message: string; fields: Record<string, unknown> }[] = [];
  info(): void {}
  error(message: string, fields: Record<string, unknown>): void {
    this.errors.push({ message, fields });
  }
}

export interface TokenClaims {
  oid?: string;
  tid?: string;
  aud?: string;
  iss?: string;
  groups?: string[];
  name?: string;
  expiresIn?: string | number;
  /** Sign with a key the JWKS does not publish. */
  forged?: boolean;
  expired?: boolean;
}

export class Harness {
  embedded!: EmbeddedCosmos;
  store!: Store;
  logger = new MemoryLogger();
  private jwksServer!: http.Server;
  private signingKey!: CryptoKey;
  private forgedKey!: CryptoKey;
  private running: Running[] = [];
  private dataDir!: string;
  jwksUrl!: string;

  /** `history: false` seeds only the hand-written demo cases (for tests that expect them all on one page). */
  async start(options: { history?: boolean } = {}): Promise<void> {
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-server-test-'));
    this.embedded = await startEmbeddedCosmos({ dataDir: this.dataDir });
    this.store = await openStore({ endpoint: this.embedded.endpoint, key: this.embedded.key, agent: this.embedded.agent, databaseId: 'server-tests' });
    await seedDemo(this.store, { now: NOW, tenantId: TENANT_A, history: options.history ?? true });
    const riverside = await this.store.orgs.get('riverside');
    if (!riverside) throw new Error('harness: the seed did not create riverside');
    await this.store.orgs.put({ ...riverside, tenantId: TENANT_B });
    const glenmore = await this.store.orgs.get('glenmore');
    if (!glenmore) throw new Error('harness: the seed did not create glenmore');
    // A group assignment: members of this Entra group are directors.
    await this.store.orgs.put({
      ...glenmore,
      roleAssignments: [...glenmore.roleAssignments, { principalId: 'group-directors', roles: ['director'], services: [], displayName: 'Directors (group)' }],
    });

    const { publicKey, privateKey } = await generateKeyPair('RS256');
    this.signingKey = privateKey;
    this.forgedKey = (await generateKeyPair('RS256')).privateKey;
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    this.jwksServer = http.createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => this.jwksServer.listen(0, '127.0.0.1', () => resolve()));
    this.jwksUrl = `http://127.0.0.1:${(this.jwksServer.address() as AddressInfo).port}/keys`;
  }

  /** Starts an app on this store; by default with both Entra tokens and development sign-in. */
  async app(overrides: Partial<AppDeps> = {}): Promise<string> {
    const app = createApp({
      store: this.store,
      verifier: createEntraVerifier({ jwksUrl: this.jwksUrl, issuerTemplate: ISSUER_TEMPLATE, audiences: [AUDIENCE], allowedTenants: [TENANT_A, TENANT_B] }),
      devSignIn: true,
      clock: () => NOW,
      logger: this.logger,
      orgCacheMs: 0,
      ...overrides,
    });
    const running = await listen(app);
    this.running.push(running);
    return running.baseUrl;
  }

  async token(claims: TokenClaims = {}): Promise<string> {
    const tid = claims.tid ?? TENANT_A;
    const jwt = new SignJWT({ oid: claims.oid ?? 'demo-investigator', tid, groups: claims.groups, name: claims.name })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer(claims.iss ?? ISSUER_TEMPLATE.replace('{tid}', tid))
      .setAudience(claims.aud ?? AUDIENCE)
      .setIssuedAt(claims.expired ? Math.floor(Date.now() / 1000) - 7200 : undefined)
      .setExpirationTime(claims.expired ? Math.floor(Date.now() / 1000) - 3600 : (claims.expiresIn ?? '1h'));
    return jwt.sign(claims.forged ? this.forgedKey : this.signingKey);
  }

  async stop(): Promise<void> {
    for (const r of this.running) await r.close();
    await new Promise<void>((resolve) => this.jwksServer?.close(() => resolve()));
    await this.store?.close();
    await this.embedded?.stop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** fetch with JSON in and out; `as` signs in as a demo user (development sign-in). */
export async function call<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  url: string,
  options: { as?: string; token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.as) headers['X-Dev-User'] = options.as;
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
  const res = await fetch(baseUrl + url, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

export const ROLE_USERS = {
  'complaint-handler': 'demo-handler',
  investigator: 'demo-investigator',
  'head-of-service': 'demo-head-of-service',
  director: 'demo-director',
  'chief-executive': 'demo-chief-executive',
  'complaints-manager': 'demo-complaints-manager',
  'training-officer': 'demo-training-officer',
  cswo: 'demo-cswo',
  'management-committee': 'demo-committee',
  administrator: 'demo-admin',
} as const;
