import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiModules } from './modules/index.js';
import { authPlugin } from './platform/auth/auth.plugin.js';
import type { AppDeps } from './platform/deps.js';
import { httpPlugin } from './platform/http/http.plugin.js';
import { registerMetrics } from './platform/observability/metrics.js';

export const API_PREFIX = '/api/v1';
const BODY_LIMIT = 1024 * 1024;

export interface BuildAppOptions {
  logger?: boolean | object;
  /** serve the built web app from config.webDistDir when it exists */
  serveWeb?: boolean;
}

export async function buildApp(deps: AppDeps, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: BODY_LIMIT,
    genReqId: (req) => (typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'].slice(0, 64) : randomUUID()),
    // a hop count is valid for Fastify but missing from its types
    trustProxy: deps.config.trustProxy as boolean | string,
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const webDir = deps.config.webDistDir;
  const indexPath = path.join(webDir, 'index.html');
  const serveWeb = opts.serveWeb === true && fs.existsSync(indexPath);
  await app.register(httpPlugin, { spaIndexHtml: serveWeb ? fs.readFileSync(indexPath, 'utf8') : undefined });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd injects its CSS-in-JS styles at runtime
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Luodi API', version: '1', description: 'Luodi (落地) sales management system REST API' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token: ld_<org>_<secret>' },
          session: { type: 'apiKey', in: 'cookie', name: 'luodi_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(authPlugin, deps);
  registerMetrics(app);

  app.get(
    '/healthz',
    { schema: { hide: true, response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }) } } },
    async () => {
      await deps.database.query('select 1');
      return { status: 'ok' as const, database: deps.database.kind };
    },
  );

  await app.register(
    async (api) => {
      // GET /openapi.json is served by the custom-fields module (per-organization custom field schemas)
      for (const registerModule of apiModules) await registerModule(api, deps);
    },
    { prefix: API_PREFIX },
  );

  if (serveWeb) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: false,
      preCompressed: true,
      // hashed asset names never change content: cache them for a year; everything else revalidates
      setHeaders: (res, filePath) => {
        res.setHeader('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  return app;
}
