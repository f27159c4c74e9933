const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Turns each `@Name` the user picked from the mention list into a `@[Name](userId)` token (so the comment
 * shows who was meant) and returns the ids of the people still mentioned in the text.
 */
export function encodeMentions(text: string, picked: ReadonlyMap<string, string>): { body: string; mentions: string[] } {
  let body = text;
  const mentions: string[] = [];
  // longest names first, so "Li Lei" is not taken for "Li"
  for (const [name, id] of [...picked.entries()].sort((a, b) => b[0].length - a[0].length)) {
    const re = new RegExp(`@${escapeRe(name)}(?![\\p{L}\\p{N}_])`, 'gu');
    if (!re.test(body)) continue;
    body = body.replace(re, `@[${name}](${id})`);
    if (!mentions.includes(id)) mentions.push(id);
  }
  return { body, mentions };
}
