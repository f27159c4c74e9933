import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every user-facing message exists in zh-CN and in en: the shared files and each feature's own. */
type Messages = { [key: string]: string | Messages };

function keysOf(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keysOf(v, `${prefix}${k}.`)));
}

const webDir = path.resolve(__dirname, '..');
const localeDirs = [
  path.join(webDir, 'locales'),
  ...fs
    .readdirSync(path.join(webDir, 'features'))
    .map((f) => path.join(webDir, 'features', f, 'locales'))
    .filter((d) => fs.existsSync(d)),
];

describe.each(localeDirs.map((d) => [path.relative(webDir, d), d]))('messages in %s', (_name, dir) => {
  const read = (lang: string) => JSON.parse(fs.readFileSync(path.join(dir, `${lang}.json`), 'utf8')) as Messages;
  it('has the same keys in zh-CN and en, none empty', () => {
    const zh = read('zh-CN');
    const en = read('en');
    // plural forms differ by language (English has _one, Chinese does not): compare base keys
    const base = (keys: string[]) => [...new Set(keys.map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')))].sort();
    expect(base(keysOf(en))).toEqual(base(keysOf(zh)));
    for (const key of keysOf(zh)) expect(key.split('.').reduce<unknown>((m, k) => (m as Messages)[k], zh)).not.toBe('');
  });
});
