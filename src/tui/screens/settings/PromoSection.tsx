import { Placeholder } from '../../components/Placeholder.tsx';
import type { SectionProps } from './section-props.ts';

/** Promo Codes: placeholder until the promo codes service lands. */
export function PromoSection({ active, onExit }: SectionProps) {
  return (
    <Placeholder
      title="Promo Codes"
      coming="the promo codes service"
      description="Redeem a promo code to create a new project (codes never change existing projects) and see what you redeemed before."
      active={active}
      onExit={onExit}
    />
  );
}
