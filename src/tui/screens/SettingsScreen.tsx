import { useState, type ComponentType } from 'react';
import { Box, Text } from 'ink';
import { BACK_HINT, QUIT_HINT, useKeyHints, useLayout } from '../layout-context.tsx';
import { useGlobalKeys } from '../hooks/use-global-keys.ts';
import { SETTINGS_SECTIONS, type SettingsSectionId } from '../settings-sections.ts';
import type { SectionProps } from './settings/section-props.ts';
import { AccountSecuritySection } from './settings/AccountSecuritySection.tsx';
import { InvitationsSection } from './settings/InvitationsSection.tsx';
import { TokensSection } from './settings/TokensSection.tsx';
import { NotificationsSection } from './settings/NotificationsSection.tsx';
import { PromoSection } from './settings/PromoSection.tsx';
import { SlackSection } from './settings/SlackSection.tsx';
import { JoinRequestsSection } from './settings/JoinRequestsSection.tsx';
import { SlackMessagesSection } from './settings/SlackMessagesSection.tsx';
import { useKeys } from '../keyboard.tsx';

const SECTION_COMPONENTS: Record<SettingsSectionId, ComponentType<SectionProps>> = {
  security: AccountSecuritySection,
  invitations: InvitationsSection,
  tokens: TokensSection,
  notifications: NotificationsSection,
  promo: PromoSection,
  slack: SlackSection,
  requests: JoinRequestsSection,
  slackMessages: SlackMessagesSection,
};

/** Cells of the section menu on the left, border included. */
export const MENU_WIDTH = 26;

/**
 * Account Settings: the sections as a menu on the left, the chosen one on the right. The menu
 * has the keyboard until Enter (or →) hands it to the section; Esc in the section hands it back.
 */
export function SettingsScreen({ initialSection }: { readonly initialSection: SettingsSectionId }) {
  const { bodyWidth, bodyHeight, setHints } = useLayout();
  const [index, setIndex] = useState(() => Math.max(0, SETTINGS_SECTIONS.findIndex((section) => section.id === initialSection)));
  const [focus, setFocusState] = useState<'menu' | 'section'>('menu');
  // The side that takes the keyboard reports its keys in an effect, after the frame that shows it
  // with the keyboard: the footer is emptied in the same update, so that frame never offers the
  // other side's keys (a section's keys under the menu, or the menu's under a section).
  const setFocus = (next: 'menu' | 'section') => {
    if (next !== focus) setHints([]);
    setFocusState(next);
  };
  const globalKeys = useGlobalKeys();
  const section = SETTINGS_SECTIONS[index] ?? SETTINGS_SECTIONS[0];
  const menuActive = focus === 'menu';
  useKeyHints([{ key: '↑↓', label: 'section' }, { key: 'Enter/→', label: 'open' }, BACK_HINT, QUIT_HINT], menuActive);

  useKeys(
    (input, key) => {
      const count = SETTINGS_SECTIONS.length;
      if (key.upArrow || input === 'k') setIndex((current) => (current + count - 1) % count);
      else if (key.downArrow || input === 'j') setIndex((current) => (current + 1) % count);
      else if (key.home) setIndex(0);
      else if (key.end) setIndex(count - 1);
      else if (key.return || key.rightArrow || key.tab) setFocus('section');
      else if (/^[1-9]$/.test(input) && Number(input) <= count) {
        setIndex(Number(input) - 1);
        setFocus('section');
      } else globalKeys(input, key);
    },
    { isActive: menuActive },
  );

  const Section = SECTION_COMPONENTS[section.id];
  const panelWidth = Math.max(20, bodyWidth - MENU_WIDTH - 1);
  return (
    <Box flexDirection="row" height={bodyHeight}>
      <Box flexDirection="column" width={MENU_WIDTH} flexShrink={0} borderStyle="round" borderColor={menuActive ? 'cyan' : 'gray'} paddingLeft={1}>
        <Text bold>Account Settings</Text>
        <Text> </Text>
        {SETTINGS_SECTIONS.map((entry, position) => {
          const selected = position === index;
          return (
            <Text key={entry.id} color={selected ? (menuActive ? 'cyan' : 'white') : 'gray'} bold={selected} inverse={selected && menuActive}>
              {selected ? '❯ ' : '  '}
              {position + 1} {entry.label}
              {' '.repeat(Math.max(0, MENU_WIDTH - 8 - entry.label.length))}
            </Text>
          );
        })}
      </Box>
      <Box flexDirection="column" width={panelWidth} marginLeft={1} borderStyle="round" borderColor={menuActive ? 'gray' : 'cyan'} paddingX={1} overflow="hidden">
        <Section key={section.id} active={!menuActive} onExit={() => setFocus('menu')} width={panelWidth - 4} height={bodyHeight - 2} />
      </Box>
    </Box>
  );
}
