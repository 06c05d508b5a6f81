export { PERIODIC_INTERVAL_MS, type PeriodicHolder, type PeriodicJob, type PeriodicJobs, type PeriodicRun, type Timers } from './scheduler.ts';
