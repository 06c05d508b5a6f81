import { Placeholder } from '../../components/Placeholder.tsx';
import type { SectionProps } from './section-props.ts';

/** Access Tokens: placeholder until the Management API tokens service lands. */
export function TokensSection({ active, onExit }: SectionProps) {
  return (
    <Placeholder
      title="Access Tokens"
      coming="the Management API tokens service"
      description="Management API tokens: create one with a description and an expiry (shown once), see when each was last used, delete the ones you no longer need."
      active={active}
      onExit={onExit}
    />
  );
}
