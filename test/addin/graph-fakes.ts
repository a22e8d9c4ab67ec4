/**
 * A local HTTP server that speaks the documented contracts of the Microsoft identity platform (OpenID
 * configuration, the v2.0 token endpoint with the OBO grant) and the Microsoft Graph mail endpoints this
 * product uses — so the real msal-node and Graph client run end to end without the network.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeMessage {
  id: string;
  subject: string;
  body: { contentType: 'text' | 'html'; content: string };
  from: { name: string; address: string };
  internetMessageId: string;
  conversationId: string;
  receivedDateTime: string;
  attachments: { id: string; name: string; contentType: string; content: Buffer; '@odata.type'?: string }[];
}

/** A person or group of the fake directory (`/users`, `/groups` with `$search`). */
export interface FakeDirectoryEntry {
  id: string;
  displayName: string;
  mail?: string;
  userPrincipalName?: string;
  description?: string;
}

export interface MicrosoftCloudFake {
  origin: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Requests seen, in order (method, path, time) — to check what was called and when. */
  requests: { method: string; path: string; at: number; authorization?: string; query?: string; consistencyLevel?: string }[];
  tokenRequests: Record<string, string>[];
  messages: Map<string, FakeMessage>;
  /** Mail sent through Graph (`/me/sendMail`, `/users/{id}/sendMail`, `/me/messages/{id}/reply`), in order. */
  sent: { path: string; oid: string; body: Record<string, unknown> }[];
  /** The directory searched by the settings page's people and group pickers. */
  directory: { users: FakeDirectoryEntry[]; groups: FakeDirectoryEntry[] };
  /** Next N Graph requests answer 429 with this Retry-After (seconds). */
  throttle(count: number, retryAfterSeconds: number): void;
  /** Build an SSO-like user assertion (unsigned JWT; the fake identity endpoint checks its expiry). */
  userAssertion(claims: { oid: string; expiresInSeconds: number }): string;
  close(): Promise<void>;
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export async function startMicrosoftCloudFake(): Promise<MicrosoftCloudFake> {
  const tenantId = '72f988bf-0000-4000-8000-000000000001';
  const clientId = 'a1b2c3d4-0000-4000-8000-000000000002';
  const clientSecret = 'local-secret';
  const requests: MicrosoftCloudFake['requests'] = [];
  const tokenRequests: Record<string, string>[] = [];
  const messages = new Map<string, FakeMessage>();
  const sent: MicrosoftCloudFake['sent'] = [];
  const directory: MicrosoftCloudFake['directory'] = { users: [], groups: [] };
  const issued = new Map<string, string>(); // access token -> user oid
  let throttleLeft = 0;
  let throttleSeconds = 0;
  let origin = '';

  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const aadError = (res: http.ServerResponse, status: number, error: string, code: number, text: string): void =>
    json(res, status, {
      error,
      error_description: `AADSTS${code}: ${text}\r\nTrace ID: 0000\r\nCorrelation ID: 0000\r\nTimestamp: 2026-01-01 00:00:00Z`,
      error_codes: [code],
      timestamp: '2026-01-01 00:00:00Z',
      trace_id: '0000',
      correlation_id: '0000',
    });
  const graphError = (res: http.ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void =>
    json(res, status, { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': 'r' } } }, headers);

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const path = decodeURIComponent(url.pathname);
      const consistencyLevel = typeof req.headers.consistencylevel === 'string' ? req.headers.consistencylevel : undefined;
      requests.push({ method: req.method ?? '', path, at: Date.now(), authorization: req.headers.authorization, query: url.search, consistencyLevel });
      // Any tenant id in the path, as multi-tenant apps exchange tokens in the user's own tenant.
      const tenantInPath = /^\/([0-9a-f-]{36}|organizations|common)\//.exec(path)?.[1] ?? tenantId;
      const authority = `https://login.test/${tenantInPath}`;
      if (req.method === 'GET' && path === `/${tenantInPath}/v2.0/.well-known/openid-configuration`) {
        return json(res, 200, {
          token_endpoint: `${authority}/oauth2/v2.0/token`,
          authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
          jwks_uri: `${authority}/discovery/v2.0/keys`,
          issuer: `https://login.test/${tenantInPath}/v2.0`,
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        });
      }
      if (req.method === 'POST' && path === `/${tenantInPath}/oauth2/v2.0/token`) {
        const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        tokenRequests.push({ ...form, tenant: tenantInPath });
        if (form.client_id !== clientId || form.client_secret !== clientSecret) return aadError(res, 401, 'invalid_client', 7000215, 'Invalid client secret provided.');
        if (form.grant_type !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' || form.requested_token_use !== 'on_behalf_of') {
          return aadError(res, 400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
        }
        let claims: { oid?: string; exp?: number };
        try {
          claims = JSON.parse(Buffer.from((form.assertion ?? '').split('.')[1] ?? '', 'base64url').toString('utf8'));
        } catch {
          return aadError(res, 400, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
        }
        if (!claims.exp || claims.exp * 1000 < Date.now()) {
          return aadError(res, 400, 'invalid_grant', 500133, 'Assertion is not within its valid time range.');
        }
        const accessToken = `graph.${createHash('sha256').update(form.assertion).digest('hex').slice(0, 16)}`;
        issued.set(accessToken, claims.oid ?? '');
        return json(res, 200, { token_type: 'Bearer', scope: form.scope, expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
      }
      if (path.startsWith('/v1.0/')) {
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (!token || !issued.has(token)) return graphError(res, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
        if (throttleLeft > 0) {
          throttleLeft -= 1;
          return graphError(res, 429, 'TooManyRequests', 'Please retry after the time given.', { 'Retry-After': String(throttleSeconds) });
        }
        if (req.method === 'GET' && (path === '/v1.0/users' || path === '/v1.0/groups')) {
          const search = url.searchParams.get('$search');
          // As Graph does: $search is an advanced query, answered only with ConsistencyLevel: eventual.
          if (search && consistencyLevel !== 'eventual') {
            return graphError(res, 400, 'Request_UnsupportedQuery', "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
          }
          const phrase = /^"displayName:(.*)"$/.exec(search ?? '')?.[1]?.toLowerCase() ?? '';
          const entries = path.endsWith('users') ? directory.users : directory.groups;
          const top = Number(url.searchParams.get('$top') ?? 100);
          const select = (url.searchParams.get('$select') ?? 'id,displayName').split(',');
          const found = entries.filter((e) => e.displayName.toLowerCase().split(/\s+/).some((word) => word.startsWith(phrase)) || e.displayName.toLowerCase().startsWith(phrase)).slice(0, top);
          return json(res, 200, { value: found.map((e) => Object.fromEntries(select.map((f) => [f, (e as unknown as Record<string, unknown>)[f] ?? null]))) });
        }
        // Sending, as Graph answers it: 202 Accepted with no body.
        const sending = /^\/v1\.0\/(?:me|users\/([^/]+))\/sendMail$/.exec(url.pathname) ?? /^\/v1\.0\/me\/messages\/([^/]+)\/reply$/.exec(url.pathname);
        if (req.method === 'POST' && sending) {
          if (url.pathname.endsWith('/reply') && !messages.has(decodeURIComponent(sending[1]))) return graphError(res, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
          let body: Record<string, unknown>;
          try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { return graphError(res, 400, 'BadRequest', 'Unable to read JSON request payload.'); }
          sent.push({ path, oid: issued.get(token) ?? '', body });
          res.writeHead(202);
          return res.end();
        }
        // Match on the raw path: ids may contain '/', which the client must percent-encode into one segment.
        const raw = /^\/v1\.0\/me\/messages\/([^/]+)(?:\/attachments(?:\/([^/]+))?)?$/.exec(url.pathname);
        const match = raw ? raw.map((part) => (part === undefined ? part : decodeURIComponent(part))) : null;
        const message = match ? messages.get(match[1]) : undefined;
        if (!match || !message) return graphError(res, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
        const isList = path.endsWith('/attachments');
        if (match[2] || isList) {
          const describe = (a: FakeMessage['attachments'][number], withContent: boolean) => ({
            '@odata.type': a['@odata.type'] ?? '#microsoft.graph.fileAttachment',
            id: a.id, name: a.name, contentType: a.contentType, size: a.content.length, isInline: false,
            ...(withContent && (a['@odata.type'] ?? '').endsWith('itemAttachment') === false ? { contentBytes: a.content.toString('base64') } : {}),
          });
          if (isList) return json(res, 200, { value: message.attachments.map((a) => describe(a, false)) });
          const attachment = message.attachments.find((a) => a.id === match[2]);
          if (!attachment) return graphError(res, 404, 'ErrorItemNotFound', 'The attachment was not found.');
          return json(res, 200, describe(attachment, true));
        }
        return json(res, 200, {
          id: message.id, subject: message.subject, body: message.body, internetMessageId: message.internetMessageId,
          conversationId: message.conversationId, receivedDateTime: message.receivedDateTime, hasAttachments: message.attachments.length > 0,
          from: { emailAddress: message.from }, webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(message.id)}`,
        });
      }
      json(res, 404, { error: 'not_found', path });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin, tenantId, clientId, clientSecret, requests, tokenRequests, messages, sent, directory,
    throttle(count, seconds) { throttleLeft = count; throttleSeconds = seconds; },
    userAssertion: ({ oid, expiresInSeconds }) =>
      `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url({ aud: `api://${clientId}`, tid: tenantId, oid, exp: Math.floor(Date.now() / 1000) + expiresInSeconds })}.c2ln`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
