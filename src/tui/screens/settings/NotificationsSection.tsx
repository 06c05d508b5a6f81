import { Placeholder } from '../../components/Placeholder.tsx';
import type { SectionProps } from './section-props.ts';

/** Notifications: placeholder until the notifications service lands. */
export function NotificationsSection({ active, onExit }: SectionProps) {
  return (
    <Placeholder
      title="Notifications"
      coming="the notifications service"
      description="Announcements about deprecations, migrations and project limits, newest first; open one to mark it read, or mark all read."
      active={active}
      onExit={onExit}
    />
  );
}
