import type { ProjectsService } from '../projects/service.ts';
import type { TokensService } from '../tokens/service.ts';
import type { PeriodicJob } from './scheduler.ts';

/**
 * The core's periodic jobs, which every long-running process runs (see scheduler.ts): each sends
 * only what is due, once across processes, and starts no transaction when nothing is.
 */
export function coreJobs(services: { readonly tokens: TokensService; readonly projects: ProjectsService }): PeriodicJob[] {
  return [
    { doing: 'sending token expiry reminders', run: () => services.tokens.sendExpiryReminders() },
    { doing: 'sweeping time-boxed memberships', run: () => services.projects.sweepMemberships() },
  ];
}
