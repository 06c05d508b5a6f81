import { Box, Spacer, Text } from 'ink';

export const PRODUCT_NAME = 'Keboola Connection · Account';

export interface HeaderProps {
  /** The logged-in account's email; null on the login screen. */
  readonly email: string | null;
  /** Unread notifications: a red dot and the count when above 0. */
  readonly unread: number;
  /** Where the user is, e.g. ["Home", "Project Alpha"]. */
  readonly breadcrumb: readonly string[];
}

/** The bell: plain when everything is read, a red dot and the count otherwise. */
export function Bell({ unread }: { readonly unread: number }) {
  if (unread <= 0) return <Text color="white">🔔</Text>;
  return (
    <Text>
      <Text color="white">🔔</Text>
      <Text color="redBright" bold>
        {' ●'}
      </Text>
      <Text color="white" bold>
        {` ${unread > 999 ? '999+' : unread}`}
      </Text>
    </Text>
  );
}

/** Two rows: the title bar (product, account, bell) and the breadcrumb. */
export function Header({ email, unread, breadcrumb }: HeaderProps) {
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Box backgroundColor="blue" paddingX={1}>
        <Text color="white" bold>
          ◆ {PRODUCT_NAME}
        </Text>
        <Spacer />
        {email !== null && (
          <>
            <Text color="white">{email}</Text>
            <Text>{'   '}</Text>
            <Bell unread={unread} />
          </>
        )}
      </Box>
      <Box paddingX={1}>
        <Text color="gray" wrap="truncate-end">
          {breadcrumb.join(' › ')}
        </Text>
      </Box>
    </Box>
  );
}
