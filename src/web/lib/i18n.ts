import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en.json';
import zhCN from '../locales/zh-CN.json';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'zh-CN';
const STORAGE_KEY = 'luodi.lang';

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function readStoredLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // localStorage can be unavailable (privacy mode); fall back to the default.
  }
  return DEFAULT_LANGUAGE;
}

type Messages = { [key: string]: string | Messages };

function deepMerge(target: Messages, source: Messages): Messages {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    target[key] =
      typeof value === 'object' && typeof existing === 'object' ? deepMerge({ ...existing }, value) : value;
  }
  return target;
}

/**
 * Messages: the shared files in src/web/locales plus each feature's own
 * src/web/features/<feature>/locales/{zh-CN,en}.json, merged into one namespace.
 */
const featureMessages = import.meta.glob<Messages>('../features/*/locales/*.json', { eager: true, import: 'default' });

function messagesFor(lang: Language, base: Messages): Messages {
  let merged = deepMerge({}, base);
  for (const [path, messages] of Object.entries(featureMessages)) {
    if (path.endsWith(`/locales/${lang}.json`)) merged = deepMerge(merged, messages);
  }
  return merged;
}

const initial = readStoredLanguage();

void i18next.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: messagesFor('zh-CN', zhCN as Messages) },
    en: { translation: messagesFor('en', en as Messages) },
  },
  lng: initial,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

document.documentElement.lang = initial;

/** Current UI language; also sent to the server as Accept-Language. */
export function getLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : DEFAULT_LANGUAGE;
}

export async function setLanguage(lang: Language): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // ignore
  }
  document.documentElement.lang = lang;
  await i18next.changeLanguage(lang);
}

export default i18next;
