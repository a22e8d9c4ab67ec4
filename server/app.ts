/**
 * The HTTP server: one express app hosting the REST API under /api, liveness at /healthz and readiness
 * at /readyz (`operations.ts`), the Teams tab at /tab, the Outlook add-in at /addin and (when given)
 * the bot endpoint POST /api/messages. Every request gets a correlation id and an access log line.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { checkDocumentStore, type DocumentStore } from '../store/documents';
import { ConflictError, NotFoundError, type Store } from '../store/index';
import { authenticate, refuseWithoutRole } from './auth/middleware';
import type { TokenVerifier } from './auth/entra';
import { OrgDirectory } from './auth/orgs';
import { StaffRecorder } from './auth/staff-recorder';
import { HttpProblem, notFoundHandler, problemHandler, type ProblemLogger } from './problem';
import { notesModule } from './routes/notes';
import { addinModule } from './routes/addin';
import { casesModule } from './routes/cases';
import { documentsModule } from './routes/documents';
import { rolesModule } from './routes/roles';
import { correspondenceModule } from './routes/correspondence';
import { caseFileModule, learningModule } from './routes/learning';
import { caseloadModule } from './routes/caseload';
import type { ApiModule, RouteContext } from './routes/context';
import { devUsersRouter } from './routes/dev';
import { meModule } from './routes/me';
import { awarenessModule } from './routes/awareness';
import { improvementsModule } from './routes/improvements';
import { orgModule } from './routes/org';
import { reportsModule } from './routes/reports';
import { retentionModule } from './routes/retention';
import { accessLogModule } from './routes/access-log';
import { privacyModule } from './routes/privacy';
import { legacyImportModule } from './routes/legacy-import';
import { buildOpenApiDocument } from './schemas/openapi';
import { accessLog, healthRouter, storeProbe, type ReadinessProbe } from './operations';
import { textGuard } from './text-guard';

/** The API's routers. Adding one is one line here (improvement actions, reports…). */
export const API_MODULES: readonly ApiModule[] = [casesModule, orgModule, meModule, addinModule, caseloadModule, improvementsModule, reportsModule, awarenessModule, retentionModule, accessLogModule, privacyModule, documentsModule, notesModule, rolesModule, correspondenceModule, learningModule, caseFileModule, legacyImportModule];

export interface Logger extends ProblemLogger {
  info(message: string, fields?: Record<string, unknown>): void;
}

/** One JSON object per line, which App Service's log stream and Application Insights keep as fields. */
export const consoleLogger: Logger = {
  info: (message, fields) => console.log(JSON.stringify({ time: new Date().toISOString(), level: 'info', message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ time: new Date().toISOString(), level: 'error', message, ...fields })),
};

export interface AppDeps {
  store: Store;
  /** Documents kept with cases (store/documents.ts); without it copying attachments and downloads answer 503. */
  documents?: DocumentStore;
  /** Validates Entra ID bearer tokens; absent when only development sign-in is configured. */
  verifier?: TokenVerifier;
  /** Development sign-in (demo users); main.ts refuses it in production. */
  devSignIn?: boolean;
  /** The bot endpoint (botbuilder CloudAdapter.process); it does its own Bot Framework token check. */
  botHandler?: RequestHandler;
  /** Routers added by other parts (mounted after the built-in ones). */
  modules?: readonly ApiModule[];
  /** Where tab/dist and addin/dist are looked for; defaults to the project root. */
  projectRoot?: string;
  clock?: () => Date;
  newId?: () => string;
  logger?: Logger;
  /** How long role assignments and settings are cached per process. */
  orgCacheMs?: number;
  /** Dependencies `/readyz` checks besides the case store (blob storage…). */
  readinessProbes?: readonly ReadinessProbe[];
}

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
};

/** Pages are framed by Teams and Outlook; nothing else may frame them. */
const FRAME_ANCESTORS =
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft " +
  'https://outlook.office.com https://outlook.office365.com https://*.office.com https://*.microsoft365.com';

const apiHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  res.setHeader('Cache-Control', 'no-store');
  next();
};

const correlationId: RequestHandler = (req, res, next) => {
  const given = req.get('x-request-id');
  const id = given && /^[A-Za-z0-9._-]{8,100}$/.test(given) ? given : randomUUID();
  res.locals.correlationId = id;
  res.setHeader('X-Request-Id', id);
  next();
};

/** Store errors the routes let through, as problems a person can act on. */
const storeErrors: ErrorRequestHandler = (err, _req, _res, next) => {
  if (err instanceof NotFoundError) return next(new HttpProblem(404, 'not-found', 'Not found', 'The case no longer exists; reload and check the reference.'));
  if (err instanceof ConflictError) {
    return next(new HttpProblem(409, 'concurrent-change', 'Changed at the same moment', 'Someone else changed this record at the same moment; reload it and try again.'));
  }
  next(err);
};

export function createApp(deps: AppDeps): express.Express {
  const logger = deps.logger ?? consoleLogger;
  const orgs = new OrgDirectory(deps.store, deps.orgCacheMs);
  const ctx: RouteContext = { store: deps.store, orgs, clock: deps.clock ?? (() => new Date()), newId: deps.newId ?? randomUUID, documents: deps.documents };
  const root = deps.projectRoot ?? path.resolve(__dirname, '..');
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(correlationId, accessLog(logger), securityHeaders);

  const documents = deps.documents;
  const documentsProbe: ReadinessProbe[] = documents ? [{ name: 'documents', check: () => checkDocumentStore(documents) }] : [];
  app.use(healthRouter([storeProbe(deps.store), ...documentsProbe, ...(deps.readinessProbes ?? [])], logger));

  // The address printed at startup is the folder; the add-in's page there is its task pane.
  const webApps = [
    ['/tab', 'tab/dist', 'tab', 'index.html'],
    ['/addin', 'addin/dist', 'add-in', 'taskpane.html'],
  ] as const;
  for (const [mount, folder, name, index] of webApps) {
    app.use(mount, (_req, res, next) => {
      res.setHeader('Content-Security-Policy', FRAME_ANCESTORS);
      next();
    });
    app.use(mount, express.static(path.join(root, folder), { index, fallthrough: true }));
    app.use(mount, (req, res) => {
      const built = fs.existsSync(path.join(root, folder, index));
      res
        .status(404)
        .type('text/plain')
        .send(built ? `No such page in the ${name}: ${mount}${req.path}. Start at ${mount}/.` : `The ${name} has not been built yet (looked in ${folder}); run npm run build:web.`);
    });
  }
  // A person who types only the host name lands on the caseload.
  app.get('/', (_req, res) => res.redirect(302, '/tab/'));

  const api = express.Router();
  api.use(apiHeaders, express.json({ limit: '100kb', strict: false }));
  let openApiDocument: object | undefined;
  api.get('/openapi.json', (_req, res) => {
    openApiDocument ??= buildOpenApiDocument();
    res.json(openApiDocument);
  });
  if (deps.botHandler) api.post('/messages', deps.botHandler);
  else {
    api.post('/messages', () => {
      throw new HttpProblem(503, 'bot-not-configured', 'Bot not configured', 'This process runs without the bot; set the bot’s app id and password and restart.');
    });
  }
  if (deps.devSignIn) api.use('/dev', devUsersRouter(orgs));
  api.use(authenticate({ orgs, verifier: deps.verifier, devSignIn: deps.devSignIn ?? false, staff: new StaffRecorder(deps.store.staff, ctx.clock) }), refuseWithoutRole);
  // After sign-in, so nobody unauthenticated learns anything from the text rule.
  api.use(textGuard);
  for (const module of [...API_MODULES, ...(deps.modules ?? [])]) api.use(module.path, module.router(ctx));
  api.use(notFoundHandler);
  app.use('/api', api);
  app.use(notFoundHandler);
  app.use(storeErrors, problemHandler(logger));
  return app;
}
