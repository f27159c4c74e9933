/**
 * Reading an import source as a stream of rows (the first is the header), whatever its format and
 * encoding: CSV (UTF-8 with or without BOM, GBK; CRLF or LF; quoted fields) through csv-parse, XLSX (first
 * worksheet) through exceljs's streaming reader. Nothing holds the whole file: CSV is parsed as bytes
 * arrive, XLSX row by row from the zip stream.
 */
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { detectEncoding, detectFormat, type TextEncodingName } from '../../../core/imports/encoding.js';
import type { CellValue } from '../../../core/imports/rows.js';
import { importErrors } from './imports.errors.js';

export type SourceFormat = 'csv' | 'xlsx';

export interface SourceInfo {
  format: SourceFormat;
  /** null for xlsx */
  encoding: TextEncodingName | null;
}

/** Why a file cannot be read; `toAppError()` gives the localized 400 for the user. */
export class SourceError extends Error {
  constructor(
    readonly kind: 'unsupported' | 'csv' | 'xlsx' | 'empty',
    readonly line?: number,
  ) {
    super(`import source: ${kind}${line ? ` near line ${line}` : ''}`);
    this.name = 'SourceError';
  }

  toAppError() {
    switch (this.kind) {
      case 'unsupported':
        return importErrors.IMPORT_FILE_UNSUPPORTED();
      case 'empty':
        return importErrors.IMPORT_FILE_EMPTY();
      case 'csv':
        return importErrors.IMPORT_CSV_MALFORMED({ line: this.line ?? '?' });
      case 'xlsx':
        return importErrors.IMPORT_XLSX_MALFORMED();
    }
  }
}

/** Detects format and encoding from the first bytes (≥ 64 KB when the file is that long). */
export function sniff(sample: Uint8Array, fileName: string): SourceInfo {
  const format = detectFormat(sample, fileName);
  if (format === 'xls' || format === null) {
    throw new SourceError('unsupported');
  }
  return { format, encoding: format === 'csv' ? detectEncoding(sample) : null };
}

/** Reads up to `bytes` from the front of a stream and gives back a stream of the whole content. */
export async function peek(
  input: AsyncIterable<Buffer>,
  bytes = 65_536,
): Promise<{ head: Buffer; stream: Readable; drain: () => Promise<void> }> {
  const iterator = input[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    taken.push(next.value);
    size += next.value.length;
  }
  const head = Buffer.concat(taken);
  async function* rest() {
    if (head.length) yield head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  /** consumes what the reader left (an upload must be read to its end) */
  async function drain() {
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        return;
      }
    }
  }
  return { head, stream: Readable.from(rest(), { objectMode: false }), drain };
}

/** One cell of an exceljs row → string, number, boolean or Date. */
export function excelCellValue(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if ('result' in o) return excelCellValue(o.result);
    if ('formula' in o || 'sharedFormula' in o) return null;
    if (typeof o.text === 'string') return o.text; // hyperlink
    if ('error' in o) return null;
  }
  return String(v);
}

/** Rows of the source as cell arrays; the first row is the header. */
export async function* readRows(input: Readable, info: SourceInfo): AsyncGenerator<CellValue[]> {
  if (info.format === 'csv') {
    const decoder = iconv.decodeStream(info.encoding === 'gbk' ? 'gbk' : 'utf8', { stripBOM: true });
    const parser = parseCsv({ relax_column_count: true, skip_empty_lines: true, bom: true, max_record_size: 1_000_000 });
    input.on('error', (err) => parser.destroy(err));
    decoder.on('error', (err) => parser.destroy(err));
    input.pipe(decoder).pipe(parser);
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        if (record.length === 1 && record[0] === '') continue;
        yield record;
      }
    } catch (err) {
      if (err instanceof SourceError) throw err;
      const e = err as { code?: string; lines?: number; message?: string };
      if (e.code?.startsWith('CSV_')) {
        throw new SourceError('csv', e.lines);
      }
      throw err;
    } finally {
      input.unpipe();
      input.destroy();
    }
    return;
  }

  // XLSX: the first worksheet; styles are needed to tell date cells from numbers
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = row.values as unknown[];
        const cells: CellValue[] = [];
        for (let i = 1; i < values.length; i++) cells.push(excelCellValue(values[i]));
        if (cells.every((c) => c === null || c === undefined || c === '')) continue;
        yield cells;
      }
      return; // first worksheet only
    }
  } catch (err) {
    if (err instanceof SourceError) throw err;
    throw new SourceError('xlsx');
  } finally {
    input.destroy();
  }
}

/** Unique, non-empty header names: blanks become "列3"/"Column 3", repeats get " (2)". */
export function headerNames(row: readonly CellValue[]): string[] {
  const seen = new Map<string, number>();
  return row.map((cell, i) => {
    let name = (typeof cell === 'string' ? cell : cell === null || cell === undefined ? '' : String(cell)).replace(/^\ufeff/, '').trim();
    if (!name) name = `Column ${i + 1}`;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n > 1 ? `${name} (${n})` : name;
  });
}
