/**
 * Company names normalised for duplicate detection (查重/撞单, PRODUCT.md 4.2): full-width to half-width,
 * lower case, text in （）/() dropped, legal-form suffixes stripped, spaces and punctuation removed.
 *   上海华东贸易有限公司 / 上海华东贸易（集团）有限公司 / 上海 华东贸易有限公司 → 上海华东贸易
 */
const SUFFIXES = ['有限责任公司', '股份有限公司', '有限公司', '集团公司', '集团', '公司'] as const;

/** Full-width ASCII (！ to ～) and the ideographic space to their half-width forms. */
export function toHalfWidth(input: string): string {
  let out = '';
  for (const ch of input) {
    const code = ch.codePointAt(0)!;
    if (code === 0x3000) out += ' ';
    else if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else out += ch;
  }
  return out;
}

/** Drops bracketed text, including nested brackets: "华东（集团(上海)）贸易" → "华东贸易". */
function dropBracketed(input: string): string {
  let depth = 0;
  let out = '';
  for (const ch of input) {
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  return out;
}

export function normalizeCompanyName(name: string): string {
  let s = dropBracketed(toHalfWidth(name).toLowerCase());
  // spaces and punctuation (any Unicode punctuation or symbol), before and after suffix stripping
  s = s.replace(/[\s\p{P}\p{S}]+/gu, '');
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of SUFFIXES) {
      if (s.length > suffix.length && s.endsWith(suffix)) {
        s = s.slice(0, -suffix.length);
        changed = true;
      }
    }
  }
  return s;
}
