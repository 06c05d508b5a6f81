import type { Project } from '../store/schema.ts';
import type { StoreTransaction } from '../store/store.ts';
import type { Random } from '../shared/random.ts';
import { AccountError } from '../errors.ts';
import { iso } from '../shared/time.ts';
import { ownEntry } from '../shared/records.ts';
import { quoted } from '../shared/text.ts';
import { insertNotification } from '../notifications/model.ts';
import { requireProject } from './model.ts';
import { LIMIT_NOTIFICATION_TITLE_MAX_LENGTH, METRIC_PATTERN } from './constants.ts';

/** What recording one usage reading did. */
export interface UsageResult {
  readonly projectId: string;
  readonly projectName: string;
  readonly metric: string;
  readonly value: number;
  readonly recordedAt: string;
  /** The project's maximum for the metric; null when the metric has no limit. */
  readonly limit: number | null;
  /** The reading is above the limit (`value > limit`). */
  readonly overLimit: boolean;
  /** This reading crossed the limit: a notification went to the members. */
  readonly breached: boolean;
  /** This reading ended a breach (back to ≤ limit): the next crossing notifies again. */
  readonly rearmed: boolean;
  /** The limit notification this reading published, if any. */
  readonly notificationId: string | null;
  /** How many members that notification reaches (0 when none was published). */
  readonly recipients: number;
}

/** Checks a reading before any transaction: INVALID_USAGE for a bad metric name or value. */
export function validUsage(metric: string, value: number): void {
  if (typeof metric !== 'string' || !METRIC_PATTERN.test(metric)) {
    throw new AccountError('INVALID_USAGE', `${quoted(String(metric))} is not a valid metric name (letters, digits, _ . -; starting with a letter).`, {
      metric: String(metric),
    });
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new AccountError('INVALID_USAGE', `A usage reading must be a finite number of at least 0; got ${String(value)}.`, { metric });
  }
}

/**
 * Stores the last reading of `metric` inside the caller's transaction and applies the
 * once-per-breach rule: crossing the limit (value > max) publishes ONE limit notification to the
 * project's members and marks the metric breached; readings that stay over it stay quiet; a
 * reading back at or under the limit re-arms the metric. Metrics without a limit never notify.
 */
export async function applyUsageReading(
  tx: StoreTransaction,
  now: Date,
  random: Random,
  input: { projectId: string; metric: string; value: number },
): Promise<UsageResult> {
  validUsage(input.metric, input.value);
  const project = await requireProject(tx, input.projectId);
  const { metric, value } = input;
  project.usage[metric] = { value, recordedAt: iso(now) };

  const limit = ownEntry(project.limits, metric) ?? null;
  const overLimit = limit !== null && value > limit;
  const wasBreached = project.breachedMetrics.includes(metric);
  let notificationId: string | null = null;
  let recipients = 0;

  if (overLimit && !wasBreached) {
    project.breachedMetrics.push(metric);
    const notification = await insertNotification(tx, now, random, {
      kind: 'limit',
      ...limitNotificationText(project, metric, value, limit),
      link: null,
      expiresAt: null,
      audience: { type: 'project', projectId: project.id },
      source: 'system',
    });
    notificationId = notification.id;
    recipients = Object.keys(project.members).length;
  } else if (!overLimit && wasBreached) {
    project.breachedMetrics = project.breachedMetrics.filter((m) => m !== metric);
  }

  return {
    projectId: project.id,
    projectName: project.name,
    metric,
    value,
    recordedAt: iso(now),
    limit,
    overLimit,
    breached: notificationId !== null,
    rearmed: !overLimit && wasBreached,
    notificationId,
    recipients,
  };
}

function limitNotificationText(project: Project, metric: string, value: number, limit: number): { title: string; message: string } {
  const title = `${project.name}: ${metric} is over its limit`;
  return {
    title: title.length > LIMIT_NOTIFICATION_TITLE_MAX_LENGTH ? `${title.slice(0, LIMIT_NOTIFICATION_TITLE_MAX_LENGTH - 1)}…` : title,
    message:
      `Project "${project.name}" (${project.id}) reported ${metric} = ${value}, above its limit of ${limit}. ` +
      'Reduce the usage or ask for a higher limit.',
  };
}
