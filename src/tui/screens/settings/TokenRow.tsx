import { Text } from 'ink';
import { formatDistance } from 'date-fns';
import type { TokenView } from '../../../core/index.ts';
import { dateTime, day, pad, relative } from '../../format.ts';
import { ColumnHeads } from '../../components/ColumnHeads.tsx';

const MS_PER_MINUTE = 60_000;
/** Badges in the EXPIRES IN column for a token that works no more, or only for a while. */
const BADGES = {
  expired: { text: ' EXPIRED ', color: 'red' },
  revoked: { text: ' REVOKED ', color: 'red' },
  rotated: { text: ' ROTATED ', color: 'yellow' },
} as const;

/** "just now" within the minute last use is recorded to, else "5 minutes ago" (shorter than date-fns' "less than a minute ago"). */
export function lastUsedText(lastUsedAt: string, now: Date): string {
  return now.getTime() - new Date(lastUsedAt).getTime() < MS_PER_MINUTE ? 'just now' : relative(lastUsedAt, now);
}

export interface TokenColumns {
  readonly description: number;
  /** 0 hides the column of the token's last characters. */
  readonly hint: number;
  /** 0 hides the creation date (narrow terminals). */
  readonly created: number;
  readonly expires: number;
}

/** Column widths for a list `width` cells wide (the selection marker's two cells included). */
export function tokenColumns(width: number): TokenColumns {
  const hint = width >= 80 ? 7 : 0;
  const created = width >= 64 ? 12 : 0;
  const expires = 16;
  // The last column is not padded; this much of it stays visible.
  const lastUsed = 17;
  return { description: Math.max(12, width - 2 - hint - created - expires - lastUsed), hint, created, expires };
}

export function TokenHeadings({ columns }: { readonly columns: TokenColumns }) {
  return (
    <ColumnHeads
      columns={[
        ['DESCRIPTION', columns.description],
        ['TOKEN', columns.hint],
        ['CREATED', columns.created],
        ['EXPIRES IN', columns.expires],
      ]}
      last="LAST USED"
    />
  );
}

/** One token: description, its last characters, created, expires in "3 days" (or EXPIRED, REVOKED, ROTATED), last used or "never used". */
export function TokenRow({ token, columns, now, selected }: { readonly token: TokenView; readonly columns: TokenColumns; readonly now: Date; readonly selected: boolean }) {
  const badge = token.state === 'active' ? null : BADGES[token.state];
  return (
    <Text wrap="truncate-end">
      <Text bold={selected} color={selected ? 'cyan' : undefined}>
        {pad(token.description, columns.description)}
      </Text>
      {columns.hint > 0 ? <Text color="gray">{pad(`…${token.hint}`, columns.hint)}</Text> : ''}
      {columns.created > 0 ? pad(day(token.createdAt), columns.created) : ''}
      {badge ? (
        <Text>
          <Text backgroundColor={badge.color} color={badge.color === 'red' ? 'white' : 'black'} bold>
            {badge.text}
          </Text>
          {' '.repeat(Math.max(0, columns.expires - badge.text.length))}
        </Text>
      ) : (
        <Text color={token.expiringSoon ? 'yellow' : undefined}>{pad(formatDistance(new Date(token.expiresAt), now), columns.expires)}</Text>
      )}
      {token.lastUsedAt ? <Text>{lastUsedText(token.lastUsedAt, now)}</Text> : <Text color="gray">never used</Text>}
    </Text>
  );
}

const REVOKED_BECAUSE = {
  rotated: 'it was rotated',
  leaked: 'it leaked (reported, or posted in Slack)',
  reuse: 'a token it replaced was used again after rotation',
} as const;

/** What a rotated or revoked token's badge means, in a sentence; null for an active or expired one. */
export function tokenStateText(token: TokenView, now: Date): string | null {
  if (token.state === 'rotated' && token.graceUntil) {
    return `…${token.hint} was rotated: it keeps working until ${dateTime(token.graceUntil)} (${relative(token.graceUntil, now)}).`;
  }
  if (token.state === 'revoked' && token.revokedAt && token.revokedReason) {
    return `…${token.hint} was revoked on ${dateTime(token.revokedAt)} because ${REVOKED_BECAUSE[token.revokedReason]}; it no longer works.`;
  }
  return null;
}
