import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * The OpenAPI document (built from the route schemas, so it cannot drift from the code) and the
 * explorer at /docs. Registered before the routes, as @fastify/swagger requires.
 */
export async function registerOpenApi(app: FastifyInstance) {
  await app.register(swagger, {
    // Shared schemas keep their $id as their name in components (Problem, not def-0).
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Entra ID user management',
        version: '0.1.0',
        description:
          'Manage Microsoft Entra ID (Azure AD) users, group memberships and licenses through Microsoft Graph, ' +
          'one POST per capability. Mirrors the "Azure AD User Management" connector. Errors are ' +
          'application/problem+json with a stable `code`.',
        // package.json's "UNLICENSED": not licensed for use by others; the URL defines that term.
        license: {
          name: 'UNLICENSED (proprietary, all rights reserved)',
          url: 'https://docs.npmjs.com/cli/v10/configuring-npm/package-json#license',
        },
      },
      // Relative, so the explorer and generated clients call the origin that serves the document.
      servers: [{ url: '/', description: 'This service' }],
      tags: [
        { name: 'users', description: 'Query, read, create, update and delete users; track changes' },
        { name: 'groups', description: "A user's groups; add and remove members" },
        { name: 'licenses', description: 'Assign and remove licenses, disable plans' },
        { name: 'advanced', description: "Any other Graph call, with the connection's credentials" },
        { name: 'batch', description: "Many capability calls in one request, on Graph's $batch" },
        { name: 'sync cursors', description: 'Persisted delta cursors of Query User Changes' },
        { name: 'audit', description: 'Who changed what through this service, and with what outcome' },
        {
          name: 'connections',
          description: 'The configured app registrations, and whether each holds the permissions it needs',
        },
        { name: 'operations', description: 'Health and service discovery' },
      ],
      components: {
        securitySchemes: {
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'One of the API_KEYS, when the service sets them.',
          },
        },
      },
      // Declared always (not only when API_KEYS is set) so the committed document is one fixed file.
      security: [{ apiKey: [] }],
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { tryItOutEnabled: true, displayRequestDuration: true, deepLinking: true, validatorUrl: null },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
