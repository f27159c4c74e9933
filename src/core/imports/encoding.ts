/**
 * Text encoding of an uploaded CSV: a UTF-8 BOM wins; else a sample that decodes as strict UTF-8 is
 * UTF-8; else GBK (what Excel on Chinese Windows writes). GBK is a superset of GB2312; GB18030 files
 * decode the same for the common characters.
 */
export type TextEncodingName = 'utf-8-bom' | 'utf-8' | 'gbk';

export function detectEncoding(sample: Uint8Array): TextEncodingName {
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8-bom';
  try {
    // stream: true tolerates a multi-byte character cut at the sample's end
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    return 'gbk';
  }
}

/** XLSX (a zip: "PK\x03\x04") or CSV, from the first bytes and the file name. */
export function detectFormat(sample: Uint8Array, fileName: string): 'xlsx' | 'csv' | 'xls' | null {
  if (sample.length >= 4 && sample[0] === 0x50 && sample[1] === 0x4b && sample[2] === 0x03 && sample[3] === 0x04) return 'xlsx';
  // legacy .xls (OLE2 compound file): not supported, reported as such
  if (sample.length >= 4 && sample[0] === 0xd0 && sample[1] === 0xcf && sample[2] === 0x11 && sample[3] === 0xe0) return 'xls';
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return null; // claims to be xlsx but is not a zip
  // text: no NUL bytes in the sample
  for (let i = 0; i < Math.min(sample.length, 8192); i++) if (sample[i] === 0) return null;
  return 'csv';
}
