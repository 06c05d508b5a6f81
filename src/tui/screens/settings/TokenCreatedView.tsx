import { useState } from 'react';
import { Box, Text } from 'ink';
import type { TokenView } from '../../../core/index.ts';
import { useCore, useDashboard } from '../../context.tsx';
import { copyOutcomeText } from '../../secrets/copy-line.ts';
import { useKeyHints } from '../../layout-context.tsx';
import { useKeys } from '../../keyboard.tsx';
import { dateTime, relative } from '../../format.ts';
import { oneLine } from '../../safe-text.ts';

export interface TokenCreatedViewProps {
  readonly token: TokenView;
  /** The token itself: on screen only while this view is, never stored. */
  readonly secret: string;
  readonly active: boolean;
  /** The user noted the token; the caller drops the secret. */
  readonly onDone: () => void;
  /** Set when the token replaces this one by rotation: says until when the old one works. */
  readonly replaced?: TokenView;
}

/** The product page's warning, word for word. */
export const NOTE_IT_WARNING = 'Be sure to note it — it cannot be retrieved!';

/**
 * A new token, shown this once and in full. Only Enter leaves (Esc or q could be pressed by
 * habit before the token was copied), and after that it is gone for good.
 */
export function TokenCreatedView({ token, secret, active, onDone, replaced }: TokenCreatedViewProps) {
  const core = useCore();
  const { clipboard } = useDashboard();
  const [copied, setCopied] = useState<{ readonly sent: boolean; readonly text: string } | null>(null);
  const now = core.clock.now();
  useKeyHints([{ key: 'c', label: 'copy' }, { key: 'Enter', label: 'I have noted it' }], active);
  useKeys(
    (input, key) => {
      if (key.return) onDone();
      else if (input === 'c') {
        const outcome = clipboard.copy(secret);
        setCopied({ sent: outcome.sent, text: copyOutcomeText(outcome, 'token') });
      }
    },
    { isActive: active },
  );
  return (
    <Box flexDirection="column">
      <Text bold color="green">
        ✔ Token {replaced ? 'rotated' : 'created'}
      </Text>
      <Text>
        <Text color="gray">Description </Text>
        {oneLine(token.description)}
      </Text>
      <Text>
        <Text color="gray">Expires     </Text>
        {dateTime(token.expiresAt)} ({relative(token.expiresAt, now)})
      </Text>
      {replaced && (
        <Text color="yellow">
          <Text color="gray">Old token   </Text>…{replaced.hint}{' '}
          {replaced.state === 'rotated' && replaced.graceUntil
            ? `keeps working until ${dateTime(replaced.graceUntil)} (${relative(replaced.graceUntil, now)})`
            : 'no longer works'}
        </Text>
      )}
      <Text> </Text>
      <Text>Your new Management API token:</Text>
      <Box borderStyle="round" borderColor="green" paddingX={1} alignSelf="flex-start">
        <Text bold>{secret}</Text>
      </Box>
      <Box borderStyle="single" borderColor="yellow" paddingX={1} flexDirection="column" alignSelf="flex-start">
        <Text color="yellow" bold>
          ⚠ Important: {NOTE_IT_WARNING}
        </Text>
        <Text color="yellow">Only a fingerprint is stored: nobody can show it to you again.</Text>
      </Box>
      <Text> </Text>
      {copied && <Text color={copied.sent ? 'gray' : 'red'}>{copied.sent ? '' : '✖ '}{copied.text}</Text>}
      <Text color="cyan">Press c to copy it, Enter when you have noted it.</Text>
    </Box>
  );
}
