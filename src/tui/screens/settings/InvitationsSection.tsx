import { Placeholder } from '../../components/Placeholder.tsx';
import type { SectionProps } from './section-props.ts';

/** Invitations: placeholder until the invitations service lands. */
export function InvitationsSection({ active, onExit }: SectionProps) {
  return (
    <Placeholder
      title="Invitations"
      coming="the invitations service"
      description="Projects you have been invited to: accept to become a member and open the project, or decline for good."
      active={active}
      onExit={onExit}
    />
  );
}
