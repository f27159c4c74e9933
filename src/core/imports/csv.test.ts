import { describe, expect, it } from 'vitest';
import { csvLine } from './csv.js';

describe('csvLine', () => {
  it('quotes and defuses formulas', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', null, 5, 'x\ny'])).toBe('a,"b,c","say ""hi""",,5,"x\ny"\r\n');
    expect(csvLine(['=SUM(A1)', '-12.5', '+86 138 0013 8000', '@cmd'])).toBe(`'=SUM(A1),-12.5,+86 138 0013 8000,'@cmd\r\n`);
  });
});
