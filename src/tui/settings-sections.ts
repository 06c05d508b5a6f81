/** The Account Settings sections, in menu order. */
export const SETTINGS_SECTIONS = [
  { id: 'security', label: 'Account & Security' },
  { id: 'invitations', label: 'Invitations' },
  { id: 'tokens', label: 'Access Tokens' },
  { id: 'notifications', label: 'Notifications' },
  { id: 'promo', label: 'Promo Codes' },
  { id: 'slack', label: 'Slack' },
  { id: 'requests', label: 'Join Requests' },
  { id: 'slackMessages', label: 'Slack Messages' },
] as const;

export type SettingsSectionId = (typeof SETTINGS_SECTIONS)[number]['id'];

