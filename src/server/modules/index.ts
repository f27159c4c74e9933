/**
 * Every HTTP module of the API, registered under /api/v1. One line per module.
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../platform/deps.js';
import { accountsRoutes } from './accounts/accounts.routes.js';
import { customFieldsRoutes } from './custom-fields/custom-fields.routes.js';
import { contactsRoutes } from './contacts/contacts.routes.js';
import { leadsRoutes } from './leads/leads.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { setupRoutes } from './setup/setup.routes.js';
import { organizationsRoutes } from './organizations/organizations.routes.js';
import { departmentsRoutes } from './departments/departments.routes.js';
import { usersRoutes } from './users/users.routes.js';
import { rolesRoutes } from './roles/roles.routes.js';
import { apiTokensRoutes } from './api-tokens/api-tokens.routes.js';
import { eventsRoutes } from '../platform/events/events.routes.js';
import { notificationsRoutes } from './notifications/notifications.routes.js';
import { importsRoutes } from './imports/imports.routes.js';
import { exportsRoutes } from './exports/exports.routes.js';
import { poolsRoutes } from './pools/pools.routes.js';
import { handoverRoutes } from './handover/handover.routes.js';
import { duplicatesRoutes } from './duplicates/duplicates.routes.js';
import { tiersRoutes } from './tiers/tiers.routes.js';
import { tagsRoutes } from './tags/tags.routes.js';
import { savedViewsRoutes } from './saved-views/saved-views.routes.js';
import { dealTeamsRoutes } from './deal-teams/deal-teams.routes.js';
import { commentsRoutes } from './comments/comments.routes.js';
import { timelineRoutes } from './timeline/timeline.routes.js';
import { pipelinesRoutes } from './pipelines/pipelines.routes.js';
import { activitiesRoutes } from './activities/activities.routes.js';
import { tasksRoutes } from './tasks/tasks.routes.js';
import { dealsRoutes } from './deals/deals.routes.js';
import { attachmentsRoutes } from './attachments/attachments.routes.js';

type ModuleRoutes = (app: FastifyInstance, deps: AppDeps) => Promise<void>;

export const apiModules: ModuleRoutes[] = [
  accountsRoutes,
  customFieldsRoutes,
  contactsRoutes,
  leadsRoutes,
  authRoutes,
  setupRoutes,
  organizationsRoutes,
  departmentsRoutes,
  usersRoutes,
  rolesRoutes,
  apiTokensRoutes,
  eventsRoutes,
  notificationsRoutes,
  importsRoutes,
  exportsRoutes,
  poolsRoutes,
  handoverRoutes,
  duplicatesRoutes,
  tiersRoutes,
  tagsRoutes,
  savedViewsRoutes,
  dealTeamsRoutes,
  commentsRoutes,
  timelineRoutes,
  pipelinesRoutes,
  activitiesRoutes,
  tasksRoutes,
  dealsRoutes,
  attachmentsRoutes,
];
