/** What every Account Settings section gets from the settings screen. */
export interface SectionProps {
  /** The section has the keyboard (the menu on the left does not). */
  readonly active: boolean;
  /** Gives the keyboard back to the menu (Esc at the section's top level). */
  readonly onExit: () => void;
  /** Cells inside the section's panel. */
  readonly width: number;
  readonly height: number;
}
