import { Placeholder } from '../../components/Placeholder.tsx';
import type { SectionProps } from './section-props.ts';

/** Slack: placeholder until the Slack link service lands. */
export function SlackSection({ active, onExit }: SectionProps) {
  return (
    <Placeholder
      title="Slack"
      coming="the Slack link service"
      description="Link your Slack user: generate a short-lived code and type /kbc link CODE in Slack; see the linked user or unlink it."
      active={active}
      onExit={onExit}
    />
  );
}
