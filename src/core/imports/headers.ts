/**
 * Column headers: normalisation, the signature of a source (to find its saved mapping) and the suggested
 * mapping by header-name similarity in zh and en.
 */

/** Trims, drops a BOM, full-width → half-width, lower case, removes spaces, underscores and punctuation. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/^\ufeff/, '')
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** The same source file layout → the same signature (order-insensitive, normalised headers). */
export function headerSignature(headers: readonly string[]): string {
  return [...new Set(headers.map(normalizeHeader).filter(Boolean))].sort().join('|');
}

export interface MappableField {
  /** the mapping target: a standard field key or `customFields.<key>` */
  key: string;
  /** names this field goes by (zh and en); the key itself is always included */
  labels: readonly string[];
}

function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** 1 for equal normalised names; containment and edit distance give lower scores; 0 for unrelated. */
export function headerSimilarity(header: string, label: string): number {
  const a = normalizeHeader(header);
  const b = normalizeHeader(label);
  if (!a || !b) return 0;
  if (a === b) return 1;
  const longer = Math.max(a.length, b.length);
  const ratio = 1 - levenshtein(a, b) / longer;
  let score = ratio;
  if (a.length >= 2 && b.length >= 2 && (a.includes(b) || b.includes(a))) score = Math.max(score, 0.7 + 0.2 * (Math.min(a.length, b.length) / longer));
  return score;
}

/**
 * Suggests `{ header: fieldKey }`: each header goes to its most similar field (score ≥ 0.75), each field
 * to at most one header (the best-scoring one).
 */
export function suggestMapping(headers: readonly string[], fields: readonly MappableField[]): Record<string, string> {
  const candidates: { header: string; key: string; score: number }[] = [];
  for (const header of headers) {
    for (const f of fields) {
      const names = [f.key, f.key.replace(/^customFields\./, ''), ...f.labels];
      const score = Math.max(...names.map((n) => headerSimilarity(header, n)));
      if (score >= 0.75) candidates.push({ header, key: f.key, score });
    }
  }
  candidates.sort((x, y) => y.score - x.score);
  const mapping: Record<string, string> = {};
  const used = new Set<string>();
  for (const c of candidates) {
    if (c.header in mapping || used.has(c.key)) continue;
    mapping[c.header] = c.key;
    used.add(c.key);
  }
  return mapping;
}
