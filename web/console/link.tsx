import type { ComponentChildren } from 'preact';
import { onLinkClick } from './router.js';

export function Link({
  to,
  children,
  current,
  class: cls,
}: {
  to: string;
  children: ComponentChildren;
  current?: boolean;
  class?: string;
}) {
  return (
    <a
      href={to}
      onClick={onLinkClick}
      {...(current ? { 'aria-current': 'page' as const } : {})}
      {...(cls ? { class: cls } : {})}
    >
      {children}
    </a>
  );
}
