import { normalizeMobile } from './mobile.js';

/**
 * A company phone number: a mainland mobile (normalised to 11 digits) or a landline with area code
 * (normalised to `0AA-NNNNNNNN`, optional extension `-EEEE`), or a 400/800 service number (`400-123-4567`).
 * Returns null when the input is neither.
 */
export function normalizePhone(input: string): string | null {
  const mobile = normalizeMobile(input);
  if (mobile) return mobile;
  let s = input.trim().replace(/[()（）]/g, ' ').replace(/\s+/g, ' ').trim();
  if (s.startsWith('+86')) s = `0${s.slice(3).trim().replace(/^0/, '')}`;
  else if (s.startsWith('0086')) s = `0${s.slice(4).trim().replace(/^0/, '')}`;
  const service = /^([48]00)[-\s]?(\d{3})[-\s]?(\d{4})$/.exec(s);
  if (service) return `${service[1]}-${service[2]}-${service[3]}`;
  // area codes: 010, 02X, 0XXX; local numbers 7–8 digits
  const landline = /^(0(?:10|2\d|[3-9]\d{2}))[-\s]?(\d{7,8})(?:[-\s#转](\d{1,6}))?$/.exec(s);
  if (landline) return `${landline[1]}-${landline[2]}${landline[3] ? `-${landline[3]}` : ''}`;
  return null;
}
