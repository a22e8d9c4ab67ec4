/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. Each route
 * module documents its own paths on `registry` when it is loaded.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

export const registry = new OpenAPIRegistry();

registry.registerComponent('securitySchemes', 'entra', {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description: 'A Microsoft Entra ID access token for this API.',
});
registry.registerComponent('securitySchemes', 'devUser', {
  type: 'apiKey',
  in: 'header',
  name: 'X-Dev-User',
  description: 'Development sign-in only (CHP_DEV_SIGNIN=1): the id of a seeded demo user.',
});

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().meta({ description: 'What went wrong and what to do about it.' }),
    instance: z.string().optional(),
    correlationId: z.string().optional(),
    code: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' });

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

/** The error responses every signed-in route can give. */
export const commonErrors = {
  400: problem('The request is not valid; `errors` lists the fields.'),
  401: problem('Not signed in, or the token is not valid.'),
  403: problem('Signed in, but not allowed to do this.'),
  500: problem('Something went wrong on our side; quote the correlation id.'),
};
export const caseErrors = {
  ...commonErrors,
  404: problem('No such case in your organisation (or not one you may see).'),
  409: problem('Not possible in the case’s current state.'),
  422: problem('The request breaks a rule of the procedure.'),
};

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const SECURITY: Record<string, string[]>[] = [{ entra: [] }, { devUser: [] }];

export function buildOpenApiDocument(serverUrl = '/'): object {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'CHP complaints API',
      version: '0.1.0',
      description: 'Complaints handling following the SPSO Model Complaints Handling Procedure.',
    },
    servers: [{ url: serverUrl }],
    security: SECURITY,
  });
}
