import { Component, type ReactNode } from 'react';

export interface ErrorBoundaryProps {
  /** Called once with an error thrown while rendering; the dashboard then closes. */
  readonly onCrash: (error: unknown) => void;
  readonly children: ReactNode;
}

/** Turns a rendering bug into a clean exit (terminal restored, one line on stderr) instead of a stack on screen. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    this.props.onCrash(error);
  }

  override render(): ReactNode {
    return this.state.failed ? null : this.props.children;
  }
}
