import { Typography } from 'antd';
import type { ReactNode } from 'react';

const MENTION_RE = /@\[([^\]\n]{1,100})\]\(([0-9a-f-]{36})\)/g;

/** A comment's text with its `@[Name](userId)` mention tokens shown as highlighted `@Name`. */
export function renderCommentBody(body: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of body.matchAll(MENTION_RE)) {
    if (m.index > last) parts.push(body.slice(last, m.index));
    parts.push(
      <Typography.Text key={`${m.index}`} style={{ color: '#1677ff' }} data-testid="comment-mention" data-user-id={m[2]}>
        @{m[1]}
      </Typography.Text>,
    );
    last = m.index + m[0].length;
  }
  if (last < body.length) parts.push(body.slice(last));
  return parts;
}
