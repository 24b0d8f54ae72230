import type { ComponentChildren } from 'preact';
import { onLinkClick } from './router.js';

export function Link({
  to,
  children,
  current,
  class: cls,
  testId,
}: {
  to: string;
  children: ComponentChildren;
  current?: boolean;
  class?: string;
  /** data-testid, for the browser tests */
  testId?: string;
}) {
  return (
    <a
      href={to}
      onClick={onLinkClick}
      {...(current ? { 'aria-current': 'page' as const } : {})}
      {...(cls ? { class: cls } : {})}
      {...(testId ? { 'data-testid': testId } : {})}
    >
      {children}
    </a>
  );
}
