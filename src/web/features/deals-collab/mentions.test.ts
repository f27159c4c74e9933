import { describe, expect, it } from 'vitest';
import { encodeMentions } from './mentions';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

describe('encodeMentions', () => {
  it('turns the picked @names into tokens and lists who is mentioned', () => {
    const picked = new Map([
      ['Li', A],
      ['Li Lei', B],
    ]);
    expect(encodeMentions('@Li Lei please call, cc @Li.', picked)).toEqual({
      body: `@[Li Lei](${B}) please call, cc @[Li](${A}).`,
      mentions: [B, A],
    });
  });

  it('leaves people whose @name was deleted from the text out', () => {
    expect(encodeMentions('no one here', new Map([['Wang', A]]))).toEqual({ body: 'no one here', mentions: [] });
    expect(encodeMentions('@Wangwei hi', new Map([['Wang', A]]))).toEqual({ body: '@Wangwei hi', mentions: [] });
  });
});
