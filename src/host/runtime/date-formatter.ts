/**
 * `dateFormatter`: formats and parses dates with SimpleDateFormat patterns, in the process's time
 * zone (`engine.getTimeZoneId()`) unless a zone is named; what it parses is an AddableTimestamp.
 */
import { epochOfDate, formatPattern, gmtId, newAddableTimestamp, parsePattern, zoneOf, type Zone } from './dates';
import { requireString } from './java-checks';
import { state } from './state';

function processZone(): Zone {
  return zoneOf(gmtId(state.timeZoneOffsetMinutes));
}

export const dateFormatter: QuestetraDateFormatter = {
  /** `format(pattern, date)` in the process's zone, or `format(timeZoneId, pattern, date)`. */
  format(zoneOrPattern: string, patternOrDate: unknown, date?: unknown): string {
    if (date === undefined) {
      const pattern = requireString(zoneOrPattern, 'dateFormatter.format', 'pattern');
      return formatPattern(pattern, epochOfDate(patternOrDate, 'dateFormatter.format'), processZone());
    }
    const zone = zoneOf(requireString(zoneOrPattern, 'dateFormatter.format', 'timeZoneId'));
    const pattern = requireString(patternOrDate, 'dateFormatter.format', 'pattern');
    return formatPattern(pattern, epochOfDate(date, 'dateFormatter.format'), zone);
  },
  /** `parse(pattern, text)` → AddableTimestamp; a text without a zone is read in the process's zone. */
  parse(pattern: string, text: string): AddableTimestamp {
    requireString(pattern, 'dateFormatter.parse', 'pattern');
    requireString(text, 'dateFormatter.parse', 'text');
    return newAddableTimestamp(parsePattern(pattern, text, processZone())) as AddableTimestamp;
  },
};
