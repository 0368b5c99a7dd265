/**
 * `java.text.SimpleDateFormat`, `java.text.DecimalFormat` and `java.util.Locale` for the Node
 * tier (GraalJS has the real ones), and the `java.util.TimeZone` objects SimpleDateFormat hands out.
 */
import { BigDecimal, RoundingMode } from './java-bigdecimal';
import { JavaDate, epochOfDate, formatPattern, parsePattern, systemZone, zoneOf, type LocaleLike, type Zone } from './dates';
import { illegalArgument } from './java-errors';

export class Locale implements LocaleLike {
  // Static constants are assigned after the class: ES2020 has no static fields.
  declare static readonly JAPAN: Locale;
  declare static readonly JAPANESE: Locale;
  declare static readonly US: Locale;
  declare static readonly ENGLISH: Locale;
  declare static readonly ROOT: Locale;

  readonly language: string;
  readonly country: string;
  readonly variant: string;

  constructor(language: string, country = '', variant = '') {
    this.language = String(language).toLowerCase();
    this.country = String(country).toUpperCase();
    this.variant = String(variant);
  }

  static getDefault(): Locale {
    return Locale.US;
  }

  getLanguage(): string {
    return this.language;
  }

  getCountry(): string {
    return this.country;
  }

  getVariant(): string {
    return this.variant;
  }

  toString(): string {
    return [this.language, this.country, this.variant].filter((part, i, all) => part !== '' || all.slice(i + 1).some((rest) => rest !== '')).join('_');
  }
}

Object.assign(Locale, {
  JAPAN: new Locale('ja', 'JP'),
  JAPANESE: new Locale('ja'),
  US: new Locale('en', 'US'),
  ENGLISH: new Locale('en'),
  ROOT: new Locale(''),
});

/**
 * A `java.util.TimeZone`, as `SimpleDateFormat.getTimeZone()` gives it and `setTimeZone` takes.
 * Not a class scripts reach (java-packages.ts): the real one has a JVM-wide `setDefault`.
 */
export class TimeZone {
  readonly zone: Zone;

  private constructor(zone: Zone) {
    this.zone = zone;
  }

  static getTimeZone(id: string): TimeZone {
    return new TimeZone(zoneOf(String(id)));
  }

  getID(): string {
    return this.zone.id;
  }

  getOffset(epochMs: number): number {
    return this.zone.offsetMinutes(epochMs) * 60_000;
  }

  toString(): string {
    return this.zone.id;
  }
}

export class SimpleDateFormat {
  private readonly pattern: string;
  private readonly locale: LocaleLike;
  private zone: Zone;

  constructor(pattern = 'yyyy/MM/dd H:mm', locale: LocaleLike = Locale.getDefault()) {
    this.pattern = String(pattern);
    this.locale = locale;
    this.zone = systemZone();
    formatPattern(this.pattern, 0, this.zone, this.locale); // refuses a bad pattern now, as Java does
  }

  format(date: unknown): string {
    return formatPattern(this.pattern, epochOfDate(date, 'SimpleDateFormat.format'), this.zone, this.locale);
  }

  parse(text: string): JavaDate {
    return new JavaDate(parsePattern(this.pattern, String(text), this.zone));
  }

  setTimeZone(zone: TimeZone): void {
    if (!(zone instanceof TimeZone)) throw illegalArgument('SimpleDateFormat.setTimeZone: expected a java.util.TimeZone');
    this.zone = zone.zone;
  }

  getTimeZone(): TimeZone {
    return TimeZone.getTimeZone(this.zone.id);
  }

  setLenient(): void {
    // Parsing here is always strict about the pattern's shape; Java's leniency only rolls values over.
  }

  toPattern(): string {
    return this.pattern;
  }
}

/** A DecimalFormat pattern: `#,##0.00`, `#,###.0`, `0.###`, with literal prefix and suffix. */
interface NumberPattern {
  prefix: string;
  suffix: string;
  grouping: number;
  minInteger: number;
  minFraction: number;
  maxFraction: number;
}

function parseNumberPattern(pattern: string): NumberPattern {
  const positive = pattern.split(';')[0] ?? '';
  const match = /^([^#0,.]*)([#0,]*)(?:\.([0#]*))?(.*)$/.exec(positive);
  if (!match) throw illegalArgument(`Malformed pattern "${pattern}"`);
  const [, prefix = '', integer = '', fraction = '', suffix = ''] = match;
  const lastComma = integer.lastIndexOf(',');
  return {
    prefix: prefix.replace(/'/g, ''),
    suffix: suffix.replace(/'/g, ''),
    grouping: lastComma < 0 ? 0 : integer.length - lastComma - 1,
    minInteger: (integer.match(/0/g) ?? []).length,
    minFraction: (fraction.match(/0/g) ?? []).length,
    maxFraction: fraction.length,
  };
}

export class DecimalFormat {
  private readonly pattern: NumberPattern;

  constructor(pattern = '#,##0.###') {
    this.pattern = parseNumberPattern(String(pattern));
  }

  /** Formats a number or a BigDecimal, rounding half-even as Java does. */
  format(value: unknown): string {
    const decimal = value instanceof BigDecimal ? value : BigDecimal.valueOf(Number(value));
    const { prefix, suffix, grouping, minInteger, minFraction, maxFraction } = this.pattern;
    let text = decimal.abs().setScale(maxFraction, RoundingMode.HALF_EVEN).toPlainString();
    let [integer = '', fraction = ''] = text.split('.');
    while (fraction.length > minFraction && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
    integer = integer.replace(/^0+/, '');
    integer = integer.padStart(minInteger, '0');
    if (grouping > 0) integer = integer.replace(new RegExp(`\\B(?=(\\d{${grouping}})+(?!\\d))`, 'g'), ',');
    text = fraction === '' ? integer : `${integer}.${fraction}`;
    if (text === '') text = '0';
    const negative = decimal.signum() < 0 && /[1-9]/.test(text);
    return `${negative ? '-' : ''}${prefix}${text}${suffix}`;
  }
}
