/**
 * People and groups to give roles to. Signed in with Entra: Microsoft Graph, on behalf of the
 * administrator (their own directory permissions apply). Development sign-in: the demo staff — the
 * people and groups named in the demo organisations' role assignments.
 */
import type { Request } from 'express';
import type { z } from 'zod';
import type { SignedIn } from '../auth/middleware';
import { directoryGraphFromEnv, GraphAccessError, type DirectoryEntry, type DirectoryGraph } from '../graph/index';
import { HttpProblem } from '../problem';
import type { DirectoryQuerySchema } from '../schemas/org';
import type { RouteContext } from './context';

let fromEnvironment: { graph?: DirectoryGraph } | undefined;

/** `app.locals.directoryGraph` replaces the one configured from the environment (tests, other hosts). */
function graphFor(req: Request): DirectoryGraph | undefined {
  const given = req.app.locals.directoryGraph as DirectoryGraph | undefined;
  if (given) return given;
  fromEnvironment ??= { graph: directoryGraphFromEnv() };
  return fromEnvironment.graph;
}

async function demoStaff(ctx: RouteContext, kind: 'user' | 'group', text: string): Promise<DirectoryEntry[]> {
  const wanted = text.toLowerCase();
  const found = new Map<string, DirectoryEntry>();
  for (const org of await ctx.orgs.all()) {
    for (const a of org.roleAssignments) {
      if ((a.kind ?? 'user') !== kind || found.has(a.principalId)) continue;
      if (a.displayName.toLowerCase().includes(wanted) || a.principalId.toLowerCase().includes(wanted)) {
        found.set(a.principalId, { id: a.principalId, displayName: a.displayName, detail: `${org.settings.name}, demo ${kind === 'user' ? 'person' : 'group'}`, kind });
      }
    }
  }
  return [...found.values()].sort((a, b) => a.displayName.localeCompare(b.displayName)).slice(0, 15);
}

export async function directorySearch(req: Request, auth: SignedIn, ctx: RouteContext, query: z.output<typeof DirectoryQuerySchema>) {
  if (auth.devSignIn) return { source: 'demo' as const, items: await demoStaff(ctx, query.kind, query.q) };
  const graph = graphFor(req);
  const assertion = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
  if (!graph || !assertion) {
    throw new HttpProblem(503, 'directory-unavailable', 'Directory search unavailable', 'Finding people and groups needs Microsoft Graph, which this server is not configured for (ENTRA_CLIENT_ID and ENTRA_CLIENT_SECRET); enter the Entra object id instead.');
  }
  try {
    return { source: 'graph' as const, items: await graph.search({ assertion, tenantId: auth.org.tenantId }, query.kind, query.q) };
  } catch (error) {
    if (error instanceof GraphAccessError) throw new HttpProblem(error.status, error.code, 'Directory search failed', error.message);
    throw error;
  }
}
