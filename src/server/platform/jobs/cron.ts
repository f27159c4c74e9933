/**
 * A small five-field cron matcher (minute hour day-of-month month day-of-week), evaluated in a time zone,
 * used to name the slots of scheduled jobs. Supports `*`, numbers, ranges `a-b`, steps `* /n` and `a-b/n`,
 * and lists `a,b`. Day-of-week 0 and 7 are Sunday. As in Vixie cron, when both day-of-month and
 * day-of-week are restricted a day matching either one matches.
 *
 * A slot is the minute a schedule fires (e.g. `2026-01-01T03:00:00.000Z`); it names the run in `job_runs`.
 */

interface Field {
  values: Set<number>;
  wildcard: boolean;
}

export interface CronExpression {
  readonly source: string;
  readonly tz: string;
  matches(date: Date): boolean;
}

const BOUNDS: [number, number][] = [
  [0, 59], // minute
  [0, 23], // hour
  [1, 31], // day of month
  [1, 12], // month
  [0, 7], // day of week (0 and 7 = Sunday)
];

export class CronSyntaxError extends Error {
  constructor(cron: string, reason: string) {
    super(`Invalid cron expression "${cron}": ${reason}`);
    this.name = 'CronSyntaxError';
  }
}

function parseField(cron: string, text: string, [min, max]: [number, number]): Field {
  const values = new Set<number>();
  const toInt = (s: string) => {
    if (!/^\d+$/.test(s)) throw new CronSyntaxError(cron, `"${s}" is not a number`);
    const n = Number.parseInt(s, 10);
    if (n < min || n > max) throw new CronSyntaxError(cron, `${n} is outside ${min}-${max}`);
    return n;
  };
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : toInt(stepText);
    if (step < 1) throw new CronSyntaxError(cron, 'step must be at least 1');
    let from: number;
    let to: number;
    if (range === '*') {
      from = min;
      to = max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-') as [string, string];
      from = toInt(a);
      to = toInt(b);
      if (from > to) throw new CronSyntaxError(cron, `range ${range} is reversed`);
    } else {
      from = toInt(range);
      to = stepText === undefined ? from : max;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return { values, wildcard: text === '*' };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(tz: string, date: Date): [number, number, number, number, number] {
  if (tz === 'UTC') {
    return [date.getUTCMinutes(), date.getUTCHours(), date.getUTCDate(), date.getUTCMonth() + 1, date.getUTCDay()];
  }
  let fmt = formatters.get(tz);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(tz, fmt);
  }
  const p: Record<string, string> = {};
  for (const { type, value } of fmt.formatToParts(date)) p[type] = value;
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday ?? '');
  return [Number(p.minute), Number(p.hour), Number(p.day), Number(p.month), weekday];
}

export function parseCron(source: string, tz = 'UTC'): CronExpression {
  const texts = source.trim().split(/\s+/);
  if (texts.length !== 5) throw new CronSyntaxError(source, 'expected 5 fields: minute hour day-of-month month day-of-week');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new CronSyntaxError(source, `unknown time zone ${tz}`);
  }
  const [minute, hour, dom, month, dow] = texts.map((t, i) => parseField(source, t, BOUNDS[i]!)) as [Field, Field, Field, Field, Field];
  if (dow.values.has(7)) dow.values.add(0);
  return {
    source,
    tz,
    matches(date: Date): boolean {
      const [mi, h, d, mo, wd] = partsIn(tz, date);
      if (!minute.values.has(mi) || !hour.values.has(h) || !month.values.has(mo)) return false;
      const domOk = dom.values.has(d);
      const dowOk = dow.values.has(wd);
      if (dom.wildcard || dow.wildcard) return domOk && dowOk;
      return domOk || dowOk;
    },
  };
}

const MINUTE = 60_000;

/**
 * The most recent slot at or before `now` that is not older than `graceMs`, or null.
 * Scans minute by minute backwards (at most graceMs / 1 min steps).
 */
export function latestSlot(cron: CronExpression, now: Date, graceMs: number): Date | null {
  const start = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const steps = Math.floor(graceMs / MINUTE);
  for (let i = 0; i <= steps; i++) {
    const t = new Date(start - i * MINUTE);
    if (cron.matches(t)) return t;
  }
  return null;
}
