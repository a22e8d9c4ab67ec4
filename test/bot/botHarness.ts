/**
 * A real bot for the HTTP tests: embedded Cosmos-protocol store, the express app with the bot at
 * POST /api/messages (authentication off: development profile), and a local server that speaks the
 * Bot Connector REST contract so replies and proactive messages can be asserted.
 */
import type { RequestHandler } from 'express';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { consoleLogger, createApp, type Logger } from '../../server/app';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../store/embedded';
import { openStore, type OrgRecord, type Store } from '../../store/index';
import { createPinnedAgent } from '../../store/tls';
import { createTeamsBot, type TeamsBot } from '../../bot/index';
import type { Role } from '../../core/types';

/** Server errors still reach the console; the access log of every activity posted does not. */
const errorsOnly: Logger = { info: () => undefined, error: consoleLogger.error };

export const TENANT = '44444444-4444-4444-8444-444444444444';
export const ORG_ID = 'bot-test-council';

const person = (principalId: string, displayName: string, roles: Role[], services: string[] = ['Waste', 'Housing']) => ({ principalId, displayName, roles, services });

export const STAFF = {
  handler: person('u-handler', 'Hamish Handler', ['complaint-handler'], ['Waste']),
  investigator: person('u-investigator', 'Isla Investigator', ['investigator'], ['Waste']),
  manager: person('u-manager', 'Morven Manager', ['complaints-manager']),
  director1: person('u-director-1', 'Dana Director', ['director']),
  director2: person('u-director-2', 'Duncan Director', ['director']),
  director3: person('u-director-3', 'Deirdre Director', ['director']),
  director4: person('u-director-4', 'Donald Director', ['director']),
  chief: person('u-chief', 'Catriona Chief', ['chief-executive']),
  admin: person('u-admin', 'Alasdair Admin', ['administrator'], []),
} as const;
export type StaffKey = keyof typeof STAFF;

export const ORG: OrgRecord = {
  tenantId: TENANT,
  settings: {
    orgId: ORG_ID,
    name: 'Bot Test Council',
    population: 50_000,
    services: ['Housing', 'Waste'],
    localHolidays: [],
    workedHolidays: [],
    rootCauseCategories: ['Process'],
    retentionYears: 5,
    reportingYearStartMonth: 4,
  },
  roleAssignments: Object.values(STAFF).map((p) => ({ ...p, roles: [...p.roles], services: [...p.services] })),
};

export interface ConnectorCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
  /** The Authorization header the bot sent (absent when bot authentication is off). */
  authorization?: string;
}

/** Speaks enough of the Bot Connector REST API: create a conversation, send and reply to activities. */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  /** Conversations the bot is not a member of: posting there is refused with 403, as Teams does. */
  readonly notMemberOf = new Set<string>();
  private server!: http.Server;
  url!: string;
  private counter = 0;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      req.on('end', () => {
        const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
        const urlPath = (req.url ?? '').split('?')[0];
        this.calls.push({ method: req.method ?? '', path: urlPath, body, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
        this.counter += 1;
        res.setHeader('Content-Type', 'application/json');
        if (req.method === 'POST' && urlPath === '/v3/conversations') {
          const member = (body.members as { id: string }[] | undefined)?.[0]?.id ?? 'unknown';
          res.end(JSON.stringify({ id: `a:personal-${member}`, activityId: `created-${this.counter}`, serviceUrl: this.url }));
        } else if (req.method === 'POST' && this.notMemberOf.has(decodeURIComponent(urlPath.split('/')[3] ?? ''))) {
          res.statusCode = 403;
          res.end(JSON.stringify({ error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } }));
        } else if (req.method === 'POST' && /^\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/.test(urlPath)) {
          res.end(JSON.stringify({ id: `activity-${this.counter}` }));
        } else {
          res.statusCode = 404;
          res.end(JSON.stringify({ error: { code: 'NotFound', message: `${req.method} ${urlPath}` } }));
        }
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** Activities posted to a conversation (replies and proactive messages). */
  activities(conversationId?: string): { conversationId: string; activity: Record<string, unknown> }[] {
    return this.calls
      .map((c) => ({ match: /^\/v3\/conversations\/([^/]+)\/activities/.exec(c.path), call: c }))
      .filter(({ match, call }) => match && call.method === 'POST' && (!conversationId || decodeURIComponent(match[1]) === conversationId))
      .map(({ match, call }) => ({ conversationId: decodeURIComponent(match![1]), activity: call.body }));
  }

  createdConversations(): ConnectorCall[] {
    return this.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations');
  }

  reset(): void {
    this.calls.length = 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export class BotHarness {
  embedded!: EmbeddedCosmos;
  store!: Store;
  connector = new FakeConnector();
  bot!: TeamsBot;
  baseUrl!: string;
  now = new Date('2026-03-04T10:00:00Z');
  private server!: http.Server;
  private dataDir!: string;
  private sequence = 0;

  /** Tests read organisation changes at once; the bench uses the production cache. */
  constructor(
    private readonly options: {
      orgCacheMs?: number;
      wrapBotHandler?: (handler: RequestHandler) => RequestHandler;
      /** An embedded store already running elsewhere (the bench runs it in another process). */
      externalStore?: { endpoint: string; key: string };
    } = {},
  ) {}

  async start(): Promise<void> {
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-bot-test-'));
    const external = this.options.externalStore;
    if (external) this.store = await openStore({ ...external, agent: createPinnedAgent(), databaseId: 'bot-tests' });
    else {
      this.embedded = await startEmbeddedCosmos({ dataDir: this.dataDir });
      this.store = await openStore({ endpoint: this.embedded.endpoint, key: this.embedded.key, agent: this.embedded.agent, databaseId: 'bot-tests' });
    }
    await this.store.orgs.put(ORG);
    await this.connector.start();
    this.bot = createTeamsBot({ store: this.store, config: { auth: { mode: 'unauthenticated-dev' } }, clock: () => this.now, orgCacheMs: this.options.orgCacheMs ?? 0 });
    const app = createApp({ store: this.store, logger: errorsOnly, botHandler: this.options.wrapBotHandler?.(this.bot.handler) ?? this.bot.handler, modules: [this.bot.jobs], devSignIn: true, clock: () => this.now, orgCacheMs: this.options.orgCacheMs ?? 0 });
    this.server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => this.server.once('listening', () => resolve()));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.connector.close();
    await this.store?.close();
    await this.embedded?.stop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** A Teams activity from a staff member, in their personal chat unless a conversation is given. */
  activity(who: StaffKey, fields: Record<string, unknown>, conversation?: { id: string; conversationType: 'personal' | 'groupChat' | 'channel' }): Record<string, unknown> {
    const p = STAFF[who];
    this.sequence += 1;
    return {
      id: `incoming-${this.sequence}`,
      channelId: 'msteams',
      serviceUrl: this.connector.url,
      timestamp: this.now.toISOString(),
      locale: 'en-GB',
      from: { id: `29:${p.principalId}`, aadObjectId: p.principalId, name: p.displayName },
      recipient: { id: '28:chp-bot', name: 'CHP complaints' },
      conversation: { ...(conversation ?? { id: `a:personal-${p.principalId}`, conversationType: 'personal' }), tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
      ...fields,
    };
  }

  async post(activity: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.baseUrl}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(activity) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** An adaptiveCard/action invoke (Action.Execute); returns the card Teams would show. */
  async execute(who: StaffKey, verb: string, data: Record<string, unknown>, conversation?: Parameters<BotHarness['activity']>[2]): Promise<CardResponse> {
    const { status, body } = await this.post(
      this.activity(who, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } }, conversation),
    );
    await this.bot.notifier.idle(); // proactive messages follow the answer; wait for them before asserting
    const response = body as { statusCode: number; type: string; value: Record<string, unknown> };
    return { status, statusCode: response.statusCode, type: response.type, card: response.value, text: JSON.stringify(response.value) };
  }
}

export interface CardResponse {
  status: number;
  statusCode: number;
  type: string;
  card: Record<string, unknown>;
  text: string;
}

/** All TextBlock texts and FactSet values of a card, for readable assertions. */
export function cardTexts(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
      if (typeof o.title === 'string' && typeof o.value === 'string') out.push(`${o.title}: ${o.value}`);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n');
}

/** Titles of the buttons (actions) of a card, nested ShowCards included. */
export function buttonTitles(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith('Action.') && typeof o.title === 'string') out.push(o.title);
      Object.entries(o).forEach(([k, v]) => k !== 'refresh' && walk(v));
    }
  };
  walk(card);
  return out;
}
