/**
 * Dates as they appear in spreadsheets → ISO calendar dates ("YYYY-MM-DD").
 *
 * Accepted: 2026-01-05 · 2026/1/5 · 2026.1.5 · 2026年1月5日 · 20260105 · ISO timestamps (date part) ·
 * 1/5/2026 and 05-01-2026 style (day/month order, see below) · Excel serial numbers (1–2958465, the 1900
 * date system with Excel's phantom 1900-02-29) · Date values (XLSX date cells: their UTC calendar date).
 *
 * Ambiguity rule for A/B/YYYY (year last): month first (US, 1/5/2026 = 5 January 2026) unless
 * `order: 'dmy'` is chosen for the import; when only one reading is a valid date (13/5/2026) that reading
 * is used whatever the order. Two-digit years are rejected (too ambiguous).
 */
export type DateOrder = 'mdy' | 'dmy';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function isValidDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

const iso = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

/** Excel serial day (1900 system) → ISO date; fractions (time of day) are dropped. */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) return null;
  const day = Math.floor(serial);
  // serial 60 is the non-existent 1900-02-29 (Lotus bug); days after it are shifted by one
  const epoch = Date.UTC(1899, 11, 31);
  const ms = epoch + (day > 60 ? day - 1 : day) * 86_400_000;
  if (day === 60) return null;
  const d = new Date(ms);
  return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function parseDate(raw: string | number | Date, order: DateOrder = 'mdy'): string | null {
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return null;
    return iso(raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate());
  }
  if (typeof raw === 'number') return excelSerialToIso(raw);
  const s = raw
    .trim()
    .replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[／]/g, '/')
    .replace(/[－]/g, '-')
    .replace(/[．]/g, '.');
  if (s === '') return null;
  let m: RegExpExecArray | null;
  // 2026年1月5日 (日/号 optional)
  if ((m = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/.exec(s))) return checked(+m[1]!, +m[2]!, +m[3]!);
  // year first: 2026-01-05, 2026/1/5, 2026.1.5, optionally followed by a time
  if ((m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T\s].*)?$/.exec(s))) return checked(+m[1]!, +m[3]!, +m[4]!);
  // compact 20260105
  if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) return checked(+m[1]!, +m[2]!, +m[3]!);
  // year last: 1/5/2026, 05-01-2026, 5.1.2026
  if ((m = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?:\s.*)?$/.exec(s))) {
    const a = +m[1]!;
    const b = +m[3]!;
    const y = +m[4]!;
    const mdy = isValidDate(y, a, b);
    const dmy = isValidDate(y, b, a);
    if (mdy && dmy) return order === 'mdy' ? iso(y, a, b) : iso(y, b, a);
    if (mdy) return iso(y, a, b);
    if (dmy) return iso(y, b, a);
    return null;
  }
  // a bare serial number typed as text ("46027")
  if ((m = /^(\d{4,7})(\.\d+)?$/.exec(s)) && Number(s) >= 1 && Number(s) < 2958466 && s.length !== 8) return excelSerialToIso(Number(s));
  return null;
}

function checked(y: number, m: number, d: number): string | null {
  return isValidDate(y, m, d) ? iso(y, m, d) : null;
}
