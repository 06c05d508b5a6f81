import { useState } from 'react';
import { Box, Text } from 'ink';
import type { CreatedToken, RotatedToken, TokenView } from '../../../core/index.ts';
import { useCore } from '../../context.tsx';
import { useSession, useAccount } from '../../nav-context.tsx';
import { QUIT_HINT, useKeyHints } from '../../layout-context.tsx';
import { usePoll } from '../../hooks/use-poll.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useGlobalKeys } from '../../hooks/use-global-keys.ts';
import { useListNavigation } from '../../hooks/use-list-navigation.ts';
import { FILTER_TYPING_HINTS, List } from '../../components/List.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorBanner, SuccessLine } from '../../components/ErrorBanner.tsx';
import { useKeys } from '../../keyboard.tsx';
import { day } from '../../format.ts';
import type { SectionProps } from './section-props.ts';
import { NewTokenForm } from './NewTokenForm.tsx';
import { TokenCreatedView } from './TokenCreatedView.tsx';
import { TokenHeadings, TokenRow, tokenColumns, tokenStateText } from './TokenRow.tsx';
import { RotateTokenForm } from './RotateTokenForm.tsx';
import { wrappedRows } from './wrapped-rows.ts';
import { oneLine } from '../../safe-text.ts';
import { Paragraph } from '../../components/Paragraph.tsx';

const NONE: readonly TokenView[] = [];
const tokenKey = (token: TokenView) => token.id;
const tokenText = (token: TokenView) => `${token.description} ${token.hint}`;

/** What sets Management API tokens apart, after the product page. */
export const TOKENS_INTRO =
  'Management API tokens act for you across projects (creating and moving projects, organizations, monitoring); ' +
  'Storage API tokens, for work inside one project, are managed in that project.';
export const DELETE_ADVICE = 'Despite the fact that management tokens always expire, we advise you to delete the ones you are not using.';

/** Rows besides the list and the explanations: title, blank, headings, blank, notice, error, hint. */
const CHROME_ROWS = 7;
/** Rows the delete confirmation takes below the list. */
const DIALOG_ROWS = 6;

type View =
  | { readonly kind: 'list' }
  | { readonly kind: 'new' }
  | { readonly kind: 'rotate'; readonly token: TokenView }
  | { readonly kind: 'created'; readonly created: CreatedToken | RotatedToken };

/**
 * Access Tokens: the account's Management API tokens; New Token opens the form, a created token
 * is shown once, Rotate replaces one (its successor shown once too), Delete asks first. The secret lives only in the `created` view: continuing
 * replaces that view, and the secret with it.
 */
export function TokensSection({ active, onExit, width, height }: SectionProps) {
  const core = useCore();
  const me = useAccount();
  const { accountId } = useSession();
  const tokens = usePoll(() => me.tokens.list(), [accountId]);
  const remove = useAction();
  const [view, setView] = useState<View>({ kind: 'list' });
  const [confirming, setConfirming] = useState<TokenView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // While asking, the explanations make room for the dialog.
  const explained = confirming === null;
  const explanationRows = explained ? wrappedRows(TOKENS_INTRO, width) + wrappedRows(DELETE_ADVICE, width) : 0;
  const listHeight = Math.max(3, height - CHROME_ROWS - explanationRows - (confirming ? DIALOG_ROWS : 0));
  const list = useListNavigation(tokens.data ?? NONE, tokenKey, listHeight - 1, { textOf: tokenText });
  const items = list.items;
  const globalKeys = useGlobalKeys(onExit);
  const listActive = active && view.kind === 'list' && confirming === null;
  const selected = list.selected;
  // Only a token that works and was not replaced yet can be rotated.
  const rotatable = selected?.state === 'active';
  useKeyHints(
    list.filter?.editing
      ? FILTER_TYPING_HINTS
      : [
          { key: '↑↓', label: 'move' },
          { key: 'n', label: 'new token' },
          ...(rotatable ? [{ key: 'r', label: 'rotate' }] : []),
          ...(selected ? [{ key: 'd/Del', label: 'delete' }] : []),
          ...(list.filter && list.filter.total > 1 ? [{ key: '/', label: 'filter' }] : []),
          { key: 'Esc/←', label: 'sections' },
          QUIT_HINT,
        ],
    listActive,
  );

  useKeys(
    (input, key) => {
      if (list.handleKey(input, key)) {
        // Moving on dismisses the last outcome, so the line below the list can describe the token selected.
        setNotice(null);
        return;
      }
      if (input === 'n') {
        setNotice(null);
        remove.clearError();
        setView({ kind: 'new' });
      } else if (input === 'r' && selected && rotatable) {
        setNotice(null);
        remove.clearError();
        setView({ kind: 'rotate', token: selected });
      } else if ((input === 'd' || key.delete) && selected) {
        setNotice(null);
        setConfirming(selected);
      } else globalKeys(input, key);
    },
    { isActive: listActive },
  );

  const deleteToken = async (token: TokenView) => {
    setConfirming(null);
    const outcome = await remove.run('deleting a token', () => me.tokens.delete(token.id));
    if (outcome.ok) setNotice(`Token “${oneLine(token.description)}” deleted.`);
    tokens.reload();
  };

  if (view.kind === 'new') {
    return (
      <NewTokenForm
        accountId={accountId}
        active={active}
        onCancel={() => setView({ kind: 'list' })}
        onCreated={(created) => {
          setView({ kind: 'created', created });
          tokens.reload();
        }}
      />
    );
  }
  if (view.kind === 'rotate') {
    return (
      <RotateTokenForm
        token={view.token}
        active={active}
        onCancel={() => setView({ kind: 'list' })}
        onRotated={(rotated) => {
          setView({ kind: 'created', created: rotated });
          tokens.reload();
        }}
      />
    );
  }
  if (view.kind === 'created') {
    const { token, secret } = view.created;
    const replaced = 'previous' in view.created ? view.created.previous : undefined;
    return (
      <TokenCreatedView
        token={token}
        secret={secret}
        active={active}
        {...(replaced ? { replaced } : {})}
        onDone={() => {
          setView({ kind: 'list' });
          setNotice(`Token “${oneLine(token.description)}” ${replaced ? 'rotated' : 'created'}; it expires on ${day(token.expiresAt)}.`);
        }}
      />
    );
  }

  const columns = tokenColumns(width);
  const now = core.clock.now();
  return (
    <Box flexDirection="column">
      <Text bold>Access Tokens</Text>
      {explained && <Paragraph color="gray" text={TOKENS_INTRO} width={width} />}
      {explained && <Paragraph color="gray" text={DELETE_ADVICE} width={width} />}
      <Text> </Text>
      {tokens.data === undefined ? (
        tokens.error ? <ErrorBanner error={tokens.error} /> : <Text color="gray">Loading…</Text>
      ) : (
        <>
          {items.length > 0 && <TokenHeadings columns={columns} />}
          <List
            items={items}
            selected={list.index}
            height={listHeight}
            filter={list.filter}
            focused={listActive}
            keyOf={(token) => token.id}
            renderRow={(token, isSelected) => <TokenRow token={token} columns={columns} now={now} selected={isSelected && listActive} />}
            empty={<Text color="gray">You have no Management API tokens. Press n to create one.</Text>}
          />
        </>
      )}
      {confirming && (
        <Box marginTop={1}>
          <ConfirmDialog
            title="Delete this token?"
            message={`“${oneLine(confirming.description)}” (…${confirming.hint}) stops working at once. This cannot be undone.`}
            confirmLabel="delete token"
            danger
            active={active}
            onConfirm={() => void deleteToken(confirming)}
            onCancel={() => setConfirming(null)}
          />
        </Box>
      )}
      <Text> </Text>
      {remove.busy ? (
        <Text color="yellow">Deleting the token…</Text>
      ) : notice ? (
        <SuccessLine text={notice} />
      ) : (
        selected && listActive && tokenStateText(selected, now) && <Text color="gray">{tokenStateText(selected, now)}</Text>
      )}
      <ErrorBanner error={remove.error ?? (tokens.data !== undefined ? tokens.error : null)} />
      {!active && <Text color="gray">Press Enter to work in this section.</Text>}
    </Box>
  );
}
