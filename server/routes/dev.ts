/**
 * Development sign-in: the demo users a page may sign in as. Mounted only when CHP_DEV_SIGNIN is on
 * (never in production), and before authentication, since the page needs it to choose a user.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { OrgDirectory } from '../auth/orgs';
import { DevUserSchema } from '../schemas/org';
import { json, registry } from '../schemas/openapi';

export function devUsersRouter(orgs: OrgDirectory): Router {
  const router = Router();
  router.get('/users', async (_req, res) => {
    const users = (await orgs.all()).flatMap((org) =>
      org.roleAssignments.map((a) => ({
        userId: a.principalId,
        displayName: a.displayName,
        roles: a.roles,
        orgId: org.settings.orgId,
        orgName: org.settings.name,
      })),
    );
    res.json({ users });
  });
  return router;
}

registry.registerPath({
  method: 'get',
  path: '/api/dev/users',
  summary: 'Demo users for development sign-in (only when CHP_DEV_SIGNIN=1)',
  security: [],
  responses: { 200: json(z.object({ users: z.array(DevUserSchema) }), 'Demo users; send one’s userId as X-Dev-User.') },
});
