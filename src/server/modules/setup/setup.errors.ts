import { organizationErrors } from '../organizations/organizations.errors.js';

/** First-run setup shares its codes with organization creation (one message per code). */
export const setupErrors = {
  ALREADY_SET_UP: organizationErrors.ALREADY_SET_UP,
} as const;
