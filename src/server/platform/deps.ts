import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { EventBus } from './events/eventBus.js';

/** Time source; tests pass a controllable clock so time-based rules can be exercised. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class ManualClock implements Clock {
  constructor(private current: Date = new Date()) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(date: Date): void {
    this.current = new Date(date.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** What every module gets from the platform. */
export interface AppDeps {
  config: Config;
  database: Database;
  clock: Clock;
  logger?: FastifyBaseLogger;
  /** identifies this process among several app instances (jobs, events) */
  instanceId: string;
  /** live events to users across instances (platform/events); the SSE route makes its own when absent */
  events?: EventBus;
}
