/**
 * A local stand-in for the Microsoft cloud a production server talks to, reached only through the
 * server's ordinary settings (no validation is switched off):
 * - Entra ID: the signing keys (ENTRA_JWKS_URL) of the SSO tokens the test issues;
 * - the Bot Framework channel: its OpenID metadata document and keys (botbuilder's
 *   ToBotFromChannelOpenIdMetadataUrl), with the keys endorsed for msteams, and signed channel tokens;
 * - App Service's managed identity endpoint (IDENTITY_ENDPOINT / IDENTITY_HEADER), from which the bot
 *   (MicrosoftAppType=UserAssignedMSI) takes the tokens it signs its calls to the connector with.
 * The keys are made by the test with jose; nothing here is trusted by anything but the server under test.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/** The issuer of Bot Framework channel tokens (the public cloud's; the server keeps the default). */
export const CHANNEL_ISSUER = 'https://api.botframework.com';

export interface SsoClaims {
  oid: string;
  tid: string;
  name?: string;
  groups?: string[];
  aud?: string;
}

export class MicrosoftStandIn {
  private server!: http.Server;
  private entraKey!: CryptoKey;
  private channelKey!: CryptoKey;
  private strangerKey!: CryptoKey;
  private entraJwk!: JWK;
  private channelJwk!: JWK;
  base = '';
  /** The secret App Service puts in IDENTITY_HEADER; a token request without it is refused. */
  readonly identityHeader = randomBytes(16).toString('hex');
  /** Tokens handed out by the managed identity endpoint, with what was asked for. */
  readonly issuedBotTokens: { token: string; resource: string; clientId: string }[] = [];
  /** Requests for the channel's metadata and keys (botbuilder fetches them to validate). */
  readonly metadataRequests: string[] = [];

  async start(): Promise<void> {
    const entra = await generateKeyPair('RS256');
    const channel = await generateKeyPair('RS256');
    this.entraKey = entra.privateKey;
    this.channelKey = channel.privateKey;
    this.strangerKey = (await generateKeyPair('RS256')).privateKey;
    this.entraJwk = { ...(await exportJWK(entra.publicKey)), kid: 'entra-test-key', alg: 'RS256', use: 'sig' };
    this.channelJwk = { ...(await exportJWK(channel.publicKey)), kid: 'channel-test-key', alg: 'RS256', use: 'sig' };
    this.server = http.createServer((req, res) => this.answer(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The environment that points a production server at this stand-in. */
  env(): Record<string, string> {
    return {
      ENTRA_JWKS_URL: `${this.base}/entra/discovery/v2.0/keys`,
      ToBotFromChannelOpenIdMetadataUrl: `${this.base}/botframework/v1/.well-known/openidconfiguration`,
      IDENTITY_ENDPOINT: `${this.base}/msi/token`,
      IDENTITY_HEADER: this.identityHeader,
    };
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.base);
    const send = (status: number, body: unknown) => {
      res.statusCode = status;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/entra/discovery/v2.0/keys') return send(200, { keys: [this.entraJwk] });
    if (url.pathname === '/botframework/v1/.well-known/openidconfiguration') {
      this.metadataRequests.push(url.pathname);
      return send(200, { issuer: CHANNEL_ISSUER, jwks_uri: `${this.base}/botframework/v1/keys`, id_token_signing_alg_values_supported: ['RS256'], token_endpoint_auth_methods_supported: ['private_key_jwt'] });
    }
    if (url.pathname === '/botframework/v1/keys') {
      this.metadataRequests.push(url.pathname);
      return send(200, { keys: [{ ...this.channelJwk, endorsements: ['msteams'] }] });
    }
    if (url.pathname === '/msi/token') {
      // App Service's managed identity protocol (api-version 2019-08-01).
      if (req.headers['x-identity-header'] !== this.identityHeader) return send(401, { error: 'missing or wrong X-IDENTITY-HEADER' });
      const resource = url.searchParams.get('resource') ?? '';
      const clientId = url.searchParams.get('client_id') ?? '';
      const token = `bot-token-${this.issuedBotTokens.length + 1}-${randomBytes(8).toString('hex')}`;
      this.issuedBotTokens.push({ token, resource, clientId });
      return send(200, { access_token: token, expires_on: String(Math.floor(Date.now() / 1000) + 3600), resource, token_type: 'Bearer', client_id: clientId });
    }
    send(404, { error: `no ${url.pathname} here` });
  }

  /** A Teams/Outlook SSO token for the API (v2.0 issuer of the user's tenant). */
  async ssoToken(audience: string, claims: SsoClaims, options: { stranger?: boolean } = {}): Promise<string> {
    return new SignJWT({ oid: claims.oid, tid: claims.tid, name: claims.name, groups: claims.groups, ver: '2.0' })
      .setProtectedHeader({ alg: 'RS256', kid: 'entra-test-key' })
      .setIssuer(`https://login.microsoftonline.com/${claims.tid}/v2.0`)
      .setAudience(claims.aud ?? audience)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(options.stranger ? this.strangerKey : this.entraKey);
  }

  /** What the Bot Framework channel signs each activity it posts to the bot with. */
  async channelToken(appId: string, serviceUrl: string, options: { stranger?: boolean; audience?: string } = {}): Promise<string> {
    return new SignJWT({ serviceurl: serviceUrl })
      .setProtectedHeader({ alg: 'RS256', kid: 'channel-test-key', typ: 'JWT' })
      .setIssuer(CHANNEL_ISSUER)
      .setAudience(options.audience ?? appId)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('1h')
      .sign(options.stranger ? this.strangerKey : this.channelKey);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
