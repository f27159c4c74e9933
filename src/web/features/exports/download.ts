/**
 * Downloads a file the API streams (exports, rejected rows): fetched with the session cookie and the UI
 * language (headers follow it), saved through a blob link.
 */
import i18next, { getLanguage } from '../../lib/i18n';
import { ApiError } from '../../lib/api';

export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { credentials: 'same-origin', headers: { 'Accept-Language': getLanguage() } });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', i18next.t('errors.network'));
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    throw new ApiError(res.status, body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? i18next.t('errors.generic'));
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const name = star ? decodeURIComponent(star[1]!) : fallbackName;
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
