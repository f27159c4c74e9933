import type { HTMLAttributes } from 'react';

/**
 * A props object carrying `data-testid`, for APIs that take typed prop objects rather than JSX
 * attributes (Table `onRow`, Modal `okButtonProps`, …).
 */
export function testId<T = HTMLAttributes<HTMLElement>>(id: string, extra: Record<string, string> = {}): T {
  return { 'data-testid': id, ...extra } as unknown as T;
}
