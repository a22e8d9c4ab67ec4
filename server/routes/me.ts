/** Who am I: the signed-in person, their roles and permissions, and whether this is development sign-in. */
import { Router } from 'express';
import { hasPermission, PERMISSIONS } from '../../core/permissions';
import { noRoleNoticeFor, signedIn } from '../auth/middleware';
import { MeSchema } from '../schemas/org';
import { commonErrors, json, registry } from '../schemas/openapi';
import type { ApiModule } from './context';

function meRouter(): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    const { actor, org, devSignIn } = signedIn(res);
    const noRole = actor.roles.length === 0;
    res.json({
      userId: actor.userId,
      displayName: actor.displayName,
      roles: actor.roles,
      services: actor.services,
      permissions: PERMISSIONS.filter((p) => hasPermission(actor, p)),
      // Someone with no role learns the organisation's name and whom to ask, nothing more.
      org: { id: org.settings.orgId, name: org.settings.name, services: noRole ? [] : org.settings.services, setupCompleted: Boolean(org.setupCompletedAt) },
      devSignIn,
      // No role yet: whom to ask. Every other route refuses them with the same words.
      ...(noRole ? { noRole: noRoleNoticeFor(org) } : {}),
    });
  });
  return router;
}

export const meModule: ApiModule = { path: '/me', router: meRouter };

registry.registerPath({ method: 'get', path: '/api/me', summary: 'Who am I', responses: { 200: json(MeSchema, 'The signed-in person.'), ...commonErrors } });
