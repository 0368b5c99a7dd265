/**
 * Dates and times: time zones, `SimpleDateFormat`-style patterns, the Node tier's stand-ins of
 * `java.util.Date`, `java.sql.Timestamp` and `java.sql.Date`, and Questetra's `AddableTimestamp`
 * (a DATETIME item's value) and `AddableDate` (a DATE item's value).
 *
 * Under GraalJS the Addable classes are real Java (test/graaljs/com/questetra/bpms/util/), as on
 * the platform, so that Java APIs such as `SimpleDateFormat.format` accept them; under Node they
 * are the JS classes below. Code here only relies on what both have: `getTime()`.
 */
import { illegalArgument, javaException } from './java-errors';
import { javaInterop, javaType } from './java-values';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A time zone: its ID and its offset from UTC (minutes) at an instant. */
export interface Zone {
  id: string;
  offsetMinutes(epochMs: number): number;
}

function fixedZone(id: string, minutes: number): Zone {
  return { id, offsetMinutes: () => minutes };
}

export const UTC_ZONE = fixedZone('UTC', 0);

/** `GMT+09:00` as Java writes a custom zone ID (`GMT` for no offset). */
export function gmtId(minutes: number): string {
  if (minutes === 0) return 'GMT';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `GMT${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** `java.time.ZoneId` (GraalJS): immutable, unlike `java.util.TimeZone`, which has a JVM-wide setDefault. */
interface JavaZoneId {
  getId(): string;
  getRules(): { getOffset(instant: unknown): { getTotalSeconds(): number } };
}

function javaZone(zone: JavaZoneId): Zone {
  const Instant = javaType<{ ofEpochMilli(ms: number): unknown }>('java.time.Instant');
  const rules = zone.getRules();
  return { id: String(zone.getId()), offsetMinutes: (ms) => rules.getOffset(Instant.ofEpochMilli(ms)).getTotalSeconds() / 60 };
}

/** The JVM's default zone (GraalJS) or the process's (Node): what `java.sql.Timestamp.valueOf` uses. */
export function systemZone(): Zone {
  if (javaInterop()) return javaZone(javaType<{ systemDefault(): JavaZoneId }>('java.time.ZoneId').systemDefault());
  let id = 'UTC';
  try {
    id = new Intl.DateTimeFormat('en-US').resolvedOptions().timeZone ?? 'UTC';
  } catch {
    // no Intl: the offsets below still come from Date
  }
  return { id, offsetMinutes: (ms) => -new Date(ms).getTimezoneOffset() };
}

/** Java's `TimeZone.getTimeZone(id)`: custom `GMT+hh:mm` IDs, region IDs, and GMT for an unknown ID. */
export function zoneOf(id: string): Zone {
  const custom = /^(?:GMT|UTC)?([+-])(\d{1,2}):?(\d{2})?$/.exec(id);
  if (custom) {
    const minutes = (Number(custom[2]) * 60 + Number(custom[3] ?? 0)) * (custom[1] === '-' ? -1 : 1);
    return fixedZone(id.startsWith('GMT') || id.startsWith('UTC') ? id : gmtId(minutes), minutes);
  }
  if (id === 'GMT' || id === 'UTC' || id === 'Z' || id === 'UCT') return fixedZone(id, 0);
  if (javaInterop()) {
    try {
      return javaZone(javaType<{ of(id: string): JavaZoneId }>('java.time.ZoneId').of(id));
    } catch {
      return fixedZone('GMT', 0);
    }
  }
  try {
    const format = new Intl.DateTimeFormat('en-US', { timeZone: id, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    return {
      id,
      offsetMinutes(ms) {
        const parts: Record<string, number> = {};
        for (const part of format.formatToParts(new Date(ms))) parts[part.type] = Number(part.value);
        const asUtc = Date.UTC(parts['year'] ?? 1970, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0);
        return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / MINUTE);
      },
    };
  } catch {
    return fixedZone('GMT', 0);
  }
}

/** Calendar fields of an instant in a zone. */
export interface Fields {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  milli: number;
  weekday: number; // 0 = Sunday
  offset: number; // minutes
}

export function fieldsOf(epochMs: number, zone: Zone): Fields {
  const offset = zone.offsetMinutes(epochMs);
  const shifted = new Date(epochMs + offset * MINUTE);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    milli: shifted.getUTCMilliseconds(),
    weekday: shifted.getUTCDay(),
    offset,
  };
}

/** The instant of local wall-clock fields in a zone (the earlier one in an overlap). */
export function epochOf(year: number, month: number, day: number, hour: number, minute: number, second: number, milli: number, zone: Zone): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, milli);
  let guess = wall - zone.offsetMinutes(wall) * MINUTE;
  guess = wall - zone.offsetMinutes(guess) * MINUTE;
  return guess;
}

/* Names for patterns (English, as the JVM's default locale here; Japanese for a ja locale). */
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DAYS_JA = ['日', '月', '火', '水', '木', '金', '土'];

/** Japanese eras (the ja_JP_JP locale's imperial calendar): first day and name. */
const ERAS: { start: [number, number, number]; name: string; short: string }[] = [
  { start: [2019, 5, 1], name: '令和', short: 'R' },
  { start: [1989, 1, 8], name: '平成', short: 'H' },
  { start: [1926, 12, 25], name: '昭和', short: 'S' },
  { start: [1912, 7, 30], name: '大正', short: 'T' },
  { start: [1873, 1, 1], name: '明治', short: 'M' },
];

export interface LocaleLike {
  language: string;
  country: string;
  variant: string;
}

type Token = { kind: 'literal'; text: string } | { kind: 'field'; letter: string; count: number };

/** Splits a SimpleDateFormat pattern into fields and literals (`'…'` quotes, `''` a quote). */
function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; ) {
    const ch = pattern.charAt(i);
    if (ch === "'") {
      if (pattern.charAt(i + 1) === "'") {
        tokens.push({ kind: 'literal', text: "'" });
        i += 2;
        continue;
      }
      let end = i + 1;
      let text = '';
      while (end < pattern.length) {
        if (pattern.charAt(end) === "'") {
          if (pattern.charAt(end + 1) === "'") {
            text += "'";
            end += 2;
            continue;
          }
          break;
        }
        text += pattern.charAt(end);
        end += 1;
      }
      if (end >= pattern.length) throw illegalArgument(`Unterminated quote in pattern "${pattern}"`);
      tokens.push({ kind: 'literal', text });
      i = end + 1;
    } else if (/[A-Za-z]/.test(ch)) {
      let count = 1;
      while (pattern.charAt(i + count) === ch) count += 1;
      if (!/[GyYMLdHhKkmsSEuazZXDFwWa]/.test(ch)) throw illegalArgument(`Illegal pattern character '${ch}'`);
      tokens.push({ kind: 'field', letter: ch, count });
      i += count;
    } else {
      tokens.push({ kind: 'literal', text: ch });
      i += 1;
    }
  }
  return tokens;
}

function pad(value: number, width: number): string {
  const text = String(Math.abs(value)).padStart(width, '0');
  return value < 0 ? `-${text}` : text;
}

function offsetText(minutes: number, letter: 'Z' | 'X', count: number): string {
  if (letter === 'X' && minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const hours = pad(Math.floor(Math.abs(minutes) / 60), 2);
  const mins = pad(Math.abs(minutes) % 60, 2);
  if (letter === 'Z') return `${sign}${hours}${mins}`;
  if (count === 1) return `${sign}${hours}${mins === '00' ? '' : mins}`;
  return count === 2 ? `${sign}${hours}${mins}` : `${sign}${hours}:${mins}`;
}

function eraOf(fields: Fields): { name: string; short: string; year: number } {
  for (const era of ERAS) {
    const [y, m, d] = era.start;
    if (fields.year > y || (fields.year === y && (fields.month > m || (fields.month === m && fields.day >= d)))) {
      return { name: era.name, short: era.short, year: fields.year - y + 1 };
    }
  }
  return { name: '西暦', short: '', year: fields.year };
}

/** Formats an instant with a SimpleDateFormat pattern, in a zone and locale. */
export function formatPattern(pattern: string, epochMs: number, zone: Zone, locale: LocaleLike = { language: 'en', country: '', variant: '' }): string {
  const fields = fieldsOf(epochMs, zone);
  const japanese = locale.language === 'ja';
  const imperial = japanese && locale.country === 'JP' && locale.variant === 'JP';
  return tokenize(pattern)
    .map((token) => {
      if (token.kind === 'literal') return token.text;
      const { letter, count } = token;
      switch (letter) {
        case 'G':
          if (imperial) return count >= 4 ? eraOf(fields).name : eraOf(fields).short;
          return fields.year > 0 ? 'AD' : 'BC';
        case 'y':
        case 'Y':
          if (imperial) {
            const year = eraOf(fields).year;
            return count >= 4 && year === 1 ? '元' : String(year);
          }
          return count === 2 ? pad(fields.year % 100, 2) : pad(fields.year, count);
        case 'M':
        case 'L':
          if (count >= 3 && !japanese) return count === 3 ? MONTHS[fields.month - 1]?.slice(0, 3) ?? '' : MONTHS[fields.month - 1] ?? '';
          if (count >= 3) return `${fields.month}月`;
          return pad(fields.month, count);
        case 'd':
          return pad(fields.day, count);
        case 'D': {
          const dayOfYear = Math.floor((Date.UTC(fields.year, fields.month - 1, fields.day) - Date.UTC(fields.year, 0, 1)) / DAY) + 1;
          return pad(dayOfYear, count);
        }
        case 'H':
          return pad(fields.hour, count);
        case 'k':
          return pad(fields.hour === 0 ? 24 : fields.hour, count);
        case 'h':
          return pad(fields.hour % 12 === 0 ? 12 : fields.hour % 12, count);
        case 'K':
          return pad(fields.hour % 12, count);
        case 'm':
          return pad(fields.minute, count);
        case 's':
          return pad(fields.second, count);
        case 'S':
          return pad(fields.milli, count);
        case 'E':
          if (japanese) return count >= 4 ? `${DAYS_JA[fields.weekday]}曜日` : (DAYS_JA[fields.weekday] ?? '');
          return count >= 4 ? (DAYS[fields.weekday] ?? '') : (DAYS[fields.weekday]?.slice(0, 3) ?? '');
        case 'u':
          return pad(fields.weekday === 0 ? 7 : fields.weekday, count);
        case 'a':
          return japanese ? (fields.hour < 12 ? '午前' : '午後') : fields.hour < 12 ? 'AM' : 'PM';
        case 'z':
          return zone.id === 'UTC' || zone.id === 'GMT' ? zone.id : gmtId(fields.offset);
        case 'Z':
          return offsetText(fields.offset, 'Z', count);
        case 'X':
          return offsetText(fields.offset, 'X', count);
        default:
          return '';
      }
    })
    .join('');
}

/** Java's `ParseException` for text the pattern does not describe. */
function unparseable(text: string): Error {
  return javaException('java.text.ParseException', `Unparseable date: "${text}"`);
}

/** Parses text with a SimpleDateFormat pattern (numeric fields, zone offsets, literals) into an instant. */
export function parsePattern(pattern: string, text: string, zone: Zone): number {
  const values: Record<string, number> = {};
  let offset: number | null = null;
  let position = 0;
  const tokens = tokenize(pattern);
  tokens.forEach((token, index) => {
    if (token.kind === 'literal') {
      if (text.startsWith(token.text, position)) position += token.text.length;
      else throw unparseable(text);
      return;
    }
    const { letter, count } = token;
    if (letter === 'X' || letter === 'Z') {
      const match = /^(Z|[+-]\d{2}(?::?\d{2})?)/.exec(text.slice(position));
      if (!match) throw unparseable(text);
      const zoneText = match[1] as string;
      offset = zoneText === 'Z' ? 0 : (zoneText.startsWith('-') ? -1 : 1) * (Number(zoneText.slice(1, 3)) * 60 + Number(zoneText.replace(':', '').slice(3, 5) || 0));
      position += zoneText.length;
      return;
    }
    if (letter === 'a') {
      const match = /^(AM|PM|午前|午後)/i.exec(text.slice(position));
      if (!match) throw unparseable(text);
      values['pm'] = /PM|午後/i.test(match[1] as string) ? 1 : 0;
      position += (match[1] as string).length;
      return;
    }
    // A numeric field takes its digits; followed directly by another field, only `count` of them.
    const next = tokens[index + 1];
    const adjacent = next !== undefined && next.kind === 'field';
    const digits = adjacent ? new RegExp(`^-?\\d{1,${Math.max(count, 1)}}`).exec(text.slice(position)) : /^-?\d+/.exec(text.slice(position));
    if (!digits) throw unparseable(text);
    values[letter] = Number(digits[0]);
    position += digits[0].length;
  });
  let year = values['y'] ?? values['Y'] ?? 1970;
  if ((tokens.find((t) => t.kind === 'field' && (t.letter === 'y' || t.letter === 'Y')) as { count?: number } | undefined)?.count === 2 && year < 100) year += 2000;
  const hour = values['H'] ?? values['k'] ?? ((values['h'] ?? values['K'] ?? 0) % 12) + (values['pm'] === 1 ? 12 : 0);
  const wall = [year, values['M'] ?? 1, values['d'] ?? 1, hour, values['m'] ?? 0, values['s'] ?? 0, values['S'] ?? 0] as const;
  if (offset !== null) return Date.UTC(wall[0], wall[1] - 1, wall[2], wall[3], wall[4], wall[5], wall[6]) - (offset as number) * MINUTE;
  return epochOf(...wall, zone);
}

/* ---- java.util.Date, java.sql.Timestamp, java.sql.Date (Node tier) and the Addable classes ---- */

/** Anything with `getTime()`: the Java dates of either tier and the stand-ins. */
export function epochOfDate(value: unknown, method: string): number {
  const date = value as { getTime?: () => unknown } | null;
  if (date && typeof date === 'object' && typeof date.getTime === 'function') {
    const time = Number(date.getTime());
    if (Number.isFinite(time)) return time;
  }
  throw illegalArgument(`${method}: expected a date (java.util.Date, java.sql.Timestamp, AddableTimestamp…), got ${value === null ? 'null' : typeof value}`);
}

/** `java.util.Date` (Node tier). */
export class JavaDate {
  protected readonly epochMs: number;

  constructor(epochMs?: number) {
    this.epochMs = epochMs === undefined ? Date.now() : Math.trunc(Number(epochMs));
  }

  getTime(): number {
    return this.epochMs;
  }

  before(other: unknown): boolean {
    return this.epochMs < epochOfDate(other, 'before');
  }

  after(other: unknown): boolean {
    return this.epochMs > epochOfDate(other, 'after');
  }

  compareTo(other: unknown): number {
    const time = epochOfDate(other, 'compareTo');
    return this.epochMs === time ? 0 : this.epochMs < time ? -1 : 1;
  }

  equals(other: unknown): boolean {
    return other instanceof JavaDate && other.getTime() === this.epochMs;
  }

  toInstant(): { toEpochMilli(): number; toString(): string } {
    const ms = this.epochMs;
    return { toEpochMilli: () => ms, toString: () => new Date(ms).toISOString().replace('.000Z', 'Z') };
  }

  /** Java's `Date.toString()`: `Fri Jan 01 12:12:12 JST 2021` in the JVM's zone. */
  toString(): string {
    const zone = systemZone();
    return formatPattern(`EEE MMM dd HH:mm:ss '${zoneAbbreviation(zone, this.epochMs)}' yyyy`, this.epochMs, zone);
  }
}

function zoneAbbreviation(zone: Zone, epochMs: number): string {
  if (zone.id === 'UTC' || zone.id === 'Etc/UTC') return 'UTC';
  if (zone.id === 'Asia/Tokyo') return 'JST';
  return gmtId(zone.offsetMinutes(epochMs));
}

/** `java.sql.Timestamp` (Node tier). */
export class Timestamp extends JavaDate {
  /** `Timestamp.valueOf('2021-01-01 12:12:12[.fff]')`, in the JVM's zone. */
  static valueOf(text: string): Timestamp {
    const match = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?$/.exec(String(text).trim());
    if (!match) throw illegalArgument('Timestamp format must be yyyy-mm-dd hh:mm:ss[.fffffffff]');
    const [, y, mo, d, h, mi, s, fraction = ''] = match;
    const milli = Number(fraction.padEnd(3, '0').slice(0, 3));
    return new Timestamp(epochOf(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), milli, systemZone()));
  }

  toString(): string {
    const fields = fieldsOf(this.epochMs, systemZone());
    const fraction = fields.milli === 0 ? '0' : pad(fields.milli, 3).replace(/0+$/, '');
    return `${pad(fields.year, 4)}-${pad(fields.month, 2)}-${pad(fields.day, 2)} ${pad(fields.hour, 2)}:${pad(fields.minute, 2)}:${pad(fields.second, 2)}.${fraction}`;
  }
}

/** `java.sql.Date` (Node tier): a day, written `yyyy-MM-dd`. */
export class SqlDate extends JavaDate {
  /** `Date.valueOf('2021-01-01')`: midnight in the JVM's zone. */
  static valueOf(text: string): SqlDate {
    const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(String(text).trim());
    if (!match) throw illegalArgument(String(text));
    return new SqlDate(epochOf(Number(match[1]), Number(match[2]), Number(match[3]), 0, 0, 0, 0, systemZone()));
  }

  /** Java's java.sql.Date has no time of day to give an instant of. */
  toInstant(): never {
    throw javaException('java.lang.UnsupportedOperationException', '');
  }

  toString(): string {
    const fields = fieldsOf(this.epochMs, systemZone());
    return `${pad(fields.year, 4)}-${pad(fields.month, 2)}-${pad(fields.day, 2)}`;
  }
}

function addCalendar(epochMs: number, unit: 'year' | 'month' | 'day', amount: number): number {
  const zone = systemZone();
  const f = fieldsOf(epochMs, zone);
  if (unit === 'day') return epochOf(f.year, f.month, f.day + amount, f.hour, f.minute, f.second, f.milli, zone);
  const months = f.year * 12 + (f.month - 1) + (unit === 'year' ? amount * 12 : amount);
  const year = Math.floor(months / 12);
  const month = (months % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return epochOf(year, month, Math.min(f.day, lastDay), f.hour, f.minute, f.second, f.milli, zone);
}

function startOfDay(epochMs: number): number {
  const zone = systemZone();
  const f = fieldsOf(epochMs, zone);
  return epochOf(f.year, f.month, f.day, 0, 0, 0, 0, zone);
}

/** `com.questetra.bpms.util.AddableTimestamp` (Node tier): a Timestamp that adds and rounds. */
export class AddableTimestamp extends Timestamp {
  constructor(epochMs?: number) {
    super(epochMs);
  }

  addYears(years: number): AddableTimestamp {
    return new AddableTimestamp(addCalendar(this.epochMs, 'year', years));
  }

  addMonths(months: number): AddableTimestamp {
    return new AddableTimestamp(addCalendar(this.epochMs, 'month', months));
  }

  addDays(days: number): AddableTimestamp {
    return new AddableTimestamp(addCalendar(this.epochMs, 'day', days));
  }

  addHours(hours: number): AddableTimestamp {
    return new AddableTimestamp(this.epochMs + hours * 3_600_000);
  }

  addMinutes(minutes: number): AddableTimestamp {
    return new AddableTimestamp(this.epochMs + minutes * MINUTE);
  }

  addSeconds(seconds: number): AddableTimestamp {
    return new AddableTimestamp(this.epochMs + seconds * 1000);
  }

  addMilliseconds(ms: number): AddableTimestamp {
    return new AddableTimestamp(this.epochMs + ms);
  }

  getFirstTimeInDate(): AddableTimestamp {
    return new AddableTimestamp(startOfDay(this.epochMs));
  }

  getLastTimeInDate(): AddableTimestamp {
    return new AddableTimestamp(addCalendar(startOfDay(this.epochMs), 'day', 1) - 1);
  }

  getFirstTimeInMonth(): AddableTimestamp {
    const f = fieldsOf(this.epochMs, systemZone());
    return new AddableTimestamp(epochOf(f.year, f.month, 1, 0, 0, 0, 0, systemZone()));
  }
}

/** `com.questetra.bpms.util.AddableDate` (Node tier): a java.sql.Date that adds. */
export class AddableDate extends SqlDate {
  constructor(epochMs?: number) {
    super(epochMs === undefined ? startOfDay(Date.now()) : epochMs);
  }

  addYears(years: number): AddableDate {
    return new AddableDate(addCalendar(this.epochMs, 'year', years));
  }

  addMonths(months: number): AddableDate {
    return new AddableDate(addCalendar(this.epochMs, 'month', months));
  }

  addDays(days: number): AddableDate {
    return new AddableDate(addCalendar(this.epochMs, 'day', days));
  }

  getFirstTimeInDate(): AddableTimestamp {
    return new AddableTimestamp(startOfDay(this.epochMs));
  }

  getLastTimeInDate(): AddableTimestamp {
    return new AddableTimestamp(addCalendar(startOfDay(this.epochMs), 'day', 1) - 1);
  }

  getFirstDateInMonth(): AddableDate {
    const f = fieldsOf(this.epochMs, systemZone());
    return new AddableDate(epochOf(f.year, f.month, 1, 0, 0, 0, 0, systemZone()));
  }

  getLastDateInMonth(): AddableDate {
    return this.getFirstDateInMonth().addMonths(1).addDays(-1);
  }
}

/** The classes a script reaches as `com.questetra.bpms.util.*`: real Java under GraalJS. */
export function addableClasses(): { AddableTimestamp: new (epochMs?: number) => unknown; AddableDate: new (epochMs?: number) => unknown } {
  if (javaInterop()) {
    return {
      AddableTimestamp: javaType('com.questetra.bpms.util.AddableTimestamp'),
      AddableDate: javaType('com.questetra.bpms.util.AddableDate'),
    };
  }
  return { AddableTimestamp, AddableDate };
}

export function newAddableTimestamp(epochMs: number): unknown {
  return new (addableClasses().AddableTimestamp)(epochMs);
}

export function newAddableDate(epochMs: number): unknown {
  return new (addableClasses().AddableDate)(epochMs);
}
