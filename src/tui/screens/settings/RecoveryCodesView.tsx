import { useState } from 'react';
import { Box, Text } from 'ink';
import { useKeyHints } from '../../layout-context.tsx';
import { useKeys } from '../../keyboard.tsx';
import { useDashboard } from '../../context.tsx';
import { useSession } from '../../nav-context.tsx';
import { TextField } from '../../components/TextField.tsx';
import { copyOutcomeText } from '../../secrets/copy-line.ts';
import { DEFAULT_CODES_FILE, saveRecoveryCodes } from '../../secrets/save-codes.ts';

/** Why `s` is not offered over SSH. */
export const NO_SAVE_OVER_SSH = 'Saving to a file is for the dashboard on your own machine: over SSH the file would be written on the server.';

const LINE_COLOURS = { ok: 'green', info: 'gray', error: 'red' } as const;
const LINE_MARKS = { ok: '✔ ', info: '', error: '✖ ' } as const;

type Saving = { readonly kind: 'idle' } | { readonly kind: 'typing'; readonly path: string } | { readonly kind: 'writing'; readonly path: string };

/**
 * Freshly issued recovery codes, shown this once; only Enter leaves, after the user saved them.
 * `c` copies them (OSC 52); `s` writes them to a new file (0600) at a path the user chooses, on
 * the local terminal only.
 */
export function RecoveryCodesView({ codes, active, onDone }: { readonly codes: readonly string[]; readonly active: boolean; readonly onDone: () => void }) {
  const { clipboard, front } = useDashboard();
  const { email } = useSession();
  const local = front.via === 'dashboard';
  const [saving, setSaving] = useState<Saving>({ kind: 'idle' });
  const [line, setLine] = useState<{ readonly tone: 'ok' | 'info' | 'error'; readonly text: string } | null>(null);
  const typing = saving.kind === 'typing';
  useKeyHints(
    typing
      ? [{ key: 'Enter', label: 'save' }, { key: 'Esc', label: 'cancel' }]
      : [{ key: 'c', label: 'copy' }, ...(local ? [{ key: 's', label: 'save to a file' }] : []), { key: 'Enter', label: 'I have saved them' }],
    active,
  );

  const save = async (path: string) => {
    setSaving({ kind: 'writing', path });
    const outcome = await saveRecoveryCodes(path, codes, email);
    if (outcome.ok) {
      setSaving({ kind: 'idle' });
      setLine({ tone: 'ok', text: `Saved ${codes.length} codes to ${outcome.path} (readable only by you).` });
    } else {
      setSaving({ kind: 'typing', path });
      setLine({ tone: 'error', text: outcome.problem });
    }
  };

  useKeys(
    (input, key) => {
      if (saving.kind === 'writing') return;
      if (typing) {
        if (key.escape) {
          setSaving({ kind: 'idle' });
          setLine(null);
        }
        return;
      }
      if (key.return) onDone();
      else if (input === 'c') {
        const outcome = clipboard.copy(codes.join('\n'));
        setLine({ tone: outcome.sent ? 'info' : 'error', text: copyOutcomeText(outcome, 'codes') });
      }
      else if (input === 's') {
        if (!local) setLine({ tone: 'error', text: NO_SAVE_OVER_SSH });
        else {
          setLine(null);
          setSaving({ kind: 'typing', path: DEFAULT_CODES_FILE });
        }
      }
    },
    { isActive: active },
  );
  const half = Math.ceil(codes.length / 2);
  return (
    <Box flexDirection="column">
      <Text bold>Your recovery codes</Text>
      <Text> </Text>
      <Box borderStyle="single" borderColor="yellow" paddingX={1} flexDirection="column" alignSelf="flex-start">
        <Text color="yellow" bold>
          ⚠ Save these codes now: they are shown only once.
        </Text>
        <Text color="yellow">Each one signs you in once if you lose your authenticator device.</Text>
      </Box>
      <Text> </Text>
      <Box>
        <Box flexDirection="column" marginRight={6}>
          {codes.slice(0, half).map((code) => (
            <Text key={code} bold>
              {code}
            </Text>
          ))}
        </Box>
        <Box flexDirection="column">
          {codes.slice(half).map((code) => (
            <Text key={code} bold>
              {code}
            </Text>
          ))}
        </Box>
      </Box>
      <Text> </Text>
      {saving.kind !== 'idle' && (
        <TextField
          label="Save to"
          value={saving.path}
          onChange={(path) => {
            setSaving({ kind: 'typing', path });
            setLine(null);
          }}
          onSubmit={() => void save(saving.path)}
          focused={active && typing}
          labelWidth={10}
          valueWidth={60}
        />
      )}
      {saving.kind === 'writing' && <Text color="yellow">Saving…</Text>}
      {line && <Text color={LINE_COLOURS[line.tone]}>{LINE_MARKS[line.tone]}{line.text}</Text>}
      <Text color="cyan">{local ? 'Press c to copy them, s to save them to a file, Enter when you have saved them.' : 'Press c to copy them, Enter when you have saved them.'}</Text>
    </Box>
  );
}
