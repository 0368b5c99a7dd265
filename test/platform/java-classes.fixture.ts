/**
 * Type-check fixture of the Java classes a script reaches (src/platform/questetra.d.ts), used as
 * Questetra's published add-ons use them. Compiled with the steps' options (tsconfig.platform.json,
 * part of `npm run typecheck`): a class or member the host offers but the platform types do not
 * declare fails the type check. test/tiers/java-classes.test.ts also runs it, compiled, in both
 * tiers, so that what is declared is also what the host does; and checks that every class of
 * test/graaljs/host-classes.txt a script may reach is used here.
 *
 * A global script (no import/export), like a step's bundled script: only the platform's globals.
 */

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`declared, but the host differs: ${what}`);
}

/** java.util.ArrayList, as FILE values are built: `new java.util.ArrayList()`, `add`, `size`, `[i]`. */
function usesArrayList(): void {
  const files = new java.util.ArrayList<QfileView>();
  check(files.add(new com.questetra.bpms.core.event.scripttask.NewQfile('a.txt', 'text/plain', 'hello')), 'ArrayList.add');
  files.add(0, new com.questetra.bpms.core.event.scripttask.NewQfile('b.txt', 'text/plain', 'hi'));
  check(files.size() === 2 && files.length === 2 && !files.isEmpty(), 'ArrayList.size/length/isEmpty');
  check(files.get(0).getName() === 'b.txt' && (files[1] as QfileView).getName() === 'a.txt', 'ArrayList.get/[i]');
  check(files.indexOf(files.get(1)) === 1 && files.contains(files.get(0)), 'ArrayList.indexOf/contains');
  const names: string[] = [];
  files.forEach((file) => names.push(file.getName()));
  check(names.join() === 'b.txt,a.txt', 'ArrayList.forEach');
  const iterator = files.iterator();
  check(iterator.hasNext() && iterator.next().getName() === 'b.txt', 'ArrayList.iterator');
  const copy = new java.util.ArrayList<QfileView>(files);
  check(copy.size() === 2 && copy.subList(1, 2).size() === 1, 'new ArrayList(collection), subList');
  copy.set(0, copy.get(1));
  check(copy.remove(0).getName() === 'a.txt' && copy.size() === 1, 'ArrayList.set/remove(index)');
  copy.clear();
  check(copy.isEmpty() && copy.addAll(files) && copy.size() === 2, 'ArrayList.clear/addAll');
  const letters = new java.util.ArrayList<string>(['a', 'b']);
  check(letters.addAll(['c']) && letters.size() === 3 && letters.get(2) === 'c', 'new ArrayList(JS array), addAll(JS array)');
}

/** java.util.LinkedHashMap and HashMap. */
function usesMaps(): void {
  const counts = new java.util.LinkedHashMap<string, number>();
  check(counts.put('b', 1) === null && counts.put('a', 2) === null && counts.put('b', 3) === 1, 'LinkedHashMap.put');
  check(counts.get('b') === 3 && counts.get('none') === null && counts.getOrDefault('none', 7) === 7, 'LinkedHashMap.get/getOrDefault');
  check(counts.size() === 2 && counts.containsKey('a') && counts.containsValue(2), 'LinkedHashMap.size/containsKey/containsValue');
  const keys: string[] = [];
  counts.forEach((key, value) => keys.push(`${key}=${value}`));
  check(keys.join() === 'b=3,a=2', 'LinkedHashMap.forEach, in insertion order');
  const key = counts.keySet().iterator().next();
  check(key === 'b' && counts.values().size() === 2 && counts.entrySet().iterator().next().getValue() === 3, 'LinkedHashMap.keySet/values/entrySet');
  const plain = new java.util.HashMap<string, string>();
  check(plain.putIfAbsent('k', 'v') === null && plain.remove('k') === 'v' && plain.isEmpty(), 'HashMap.putIfAbsent/remove/isEmpty');
}

/** java.math.BigDecimal and RoundingMode, as DECIMAL items are read and written. */
function usesBigDecimal(): void {
  const { BigDecimal, RoundingMode } = java.math;
  const price = new BigDecimal('1.50');
  check(price.add(BigDecimal.valueOf(2)).toPlainString() === '3.50', 'BigDecimal.add/valueOf(long)');
  check(price.subtract(BigDecimal.ONE).multiply(BigDecimal.TEN).toString() === '5.00', 'BigDecimal.subtract/multiply/ONE/TEN');
  check(BigDecimal.ONE.divide(new BigDecimal('3'), 4, RoundingMode.HALF_UP).toString() === '0.3333', 'BigDecimal.divide(scale, mode)');
  check(new BigDecimal('7').divide(new BigDecimal('2')).toString() === '3.5', 'BigDecimal.divide (exact)');
  check(new BigDecimal('1.25').setScale(1, RoundingMode.HALF_EVEN).toString() === '1.2', 'BigDecimal.setScale');
  check(new BigDecimal(123).longValue() === 123 && new BigDecimal('2.5').doubleValue() === 2.5, 'new BigDecimal(number), longValue, doubleValue');
  check(price.compareTo(new BigDecimal('1.5')) === 0 && !price.equals(new BigDecimal('1.5')), 'BigDecimal.compareTo/equals');
  check(new BigDecimal('0.0000001').toString() === '1E-7' && new BigDecimal('-2.50').stripTrailingZeros().abs().toPlainString() === '2.5', 'BigDecimal.toString/stripTrailingZeros/abs');
  check(BigDecimal.valueOf(5, 2).toString() === '0.05' && BigDecimal.ZERO.signum() === 0, 'BigDecimal.valueOf(unscaled, scale)/ZERO/signum');
  check(price.scale() === 2 && price.precision() === 3 && price.negate().intValue() === -1, 'BigDecimal.scale/precision/negate/intValue');
  check(price.max(BigDecimal.TEN).equals(BigDecimal.TEN) && price.remainder(BigDecimal.ONE).toString() === '0.50', 'BigDecimal.max/remainder');
  check(price.setScale(0, BigDecimal.ROUND_HALF_UP).toString() === '2' && BigDecimal.ROUND_UNNECESSARY === 7, 'BigDecimal.ROUND_* (deprecated ints)');
  check(RoundingMode.valueOf('HALF_UP').name() === 'HALF_UP' && RoundingMode.DOWN.ordinal() === 1, 'RoundingMode.valueOf/name/ordinal');
}

/** java.sql.Timestamp / java.sql.Date, as DATETIME and DATE values are made from text or milliseconds. */
function usesSqlDates(): void {
  const stamp = java.sql.Timestamp.valueOf('2021-01-01 12:12:12');
  check(stamp.toString() === '2021-01-01 12:12:12.0', 'Timestamp.valueOf/toString');
  check(new java.sql.Timestamp(stamp.getTime() + 1000).after(stamp), 'new Timestamp(ms), after');
  const day = java.sql.Date.valueOf('2021-01-31');
  check(day.toString() === '2021-01-31' && stamp.before(day) && day.compareTo(stamp) > 0, 'java.sql.Date.valueOf/toString/before/compareTo');
  check(new java.sql.Date(day.getTime()).equals(day) && stamp.toInstant().toEpochMilli() === stamp.getTime(), 'new java.sql.Date(ms), equals, Timestamp.toInstant');
}

/** Questetra's AddableTimestamp / AddableDate: DATETIME and DATE values, and what dateFormatter.parse gives. */
function usesAddableDates(): void {
  const { AddableTimestamp, AddableDate } = com.questetra.bpms.util;
  const later = new AddableTimestamp(0).addMinutes(90).addSeconds(30).addMilliseconds(5).addHours(1);
  check(later.getTime() === 9_030_005, 'AddableTimestamp add*');
  const parsed = dateFormatter.parse('yyyy-MM-dd HH:mm', '2021-01-31 12:00');
  check(dateFormatter.format('yyyy-MM-dd HH:mm', parsed.addMonths(1).addDays(1).addYears(1)) === '2022-03-01 12:00', 'dateFormatter.parse → AddableTimestamp.addMonths/addDays/addYears');
  const stamp = new AddableTimestamp(java.sql.Timestamp.valueOf('2021-01-31 10:00:00').getTime());
  check(stamp.getFirstTimeInDate().toString() === '2021-01-31 00:00:00.0' && stamp.getLastTimeInDate().toString() === '2021-01-31 23:59:59.999', 'AddableTimestamp.getFirstTimeInDate/getLastTimeInDate');
  check(stamp.getFirstTimeInMonth().toString() === '2021-01-01 00:00:00.0', 'AddableTimestamp.getFirstTimeInMonth');
  const day = new AddableDate(java.sql.Date.valueOf('2021-01-31').getTime());
  check(day.addMonths(1).toString() === '2021-02-28' && day.addDays(1).addYears(1).toString() === '2022-02-01', 'AddableDate add*');
  check(day.getFirstDateInMonth().toString() === '2021-01-01' && day.addMonths(1).getLastDateInMonth().toString() === '2021-02-28', 'AddableDate.getFirstDateInMonth/getLastDateInMonth');
  check(day.getFirstTimeInDate().getTime() === day.getTime() && day.getLastTimeInDate().getTime() === day.getTime() + 86_399_999, 'AddableDate.getFirstTimeInDate/getLastTimeInDate');
  check(new AddableTimestamp().getTime() > 0 && new AddableDate().getTime() > 0, 'AddableTimestamp(), AddableDate(): now, today');
}

/** java.text.SimpleDateFormat with java.util.Locale, and DecimalFormat. */
function usesTextFormats(): void {
  const era = new java.text.SimpleDateFormat('GGGGyyyy年M月d日', new java.util.Locale('ja', 'JP', 'JP'));
  check(era.format(java.sql.Timestamp.valueOf('2021-01-01 12:00:00')) === '令和3年1月1日', 'SimpleDateFormat(pattern, Locale ja_JP_JP).format');
  const sdf = new java.text.SimpleDateFormat('yyyy-MM-dd HH:mm');
  const parsed = sdf.parse('2021-01-01 12:12');
  check(new java.sql.Timestamp(parsed.getTime()).toString() === '2021-01-01 12:12:00.0' && parsed.toInstant().toEpochMilli() === parsed.getTime(), 'SimpleDateFormat.parse → java.util.Date.getTime/toInstant');
  sdf.setTimeZone(sdf.getTimeZone());
  sdf.setLenient(false);
  check(sdf.toPattern() === 'yyyy-MM-dd HH:mm' && typeof sdf.getTimeZone().getID() === 'string' && sdf.getTimeZone().getOffset(0) % 60_000 === 0, 'SimpleDateFormat.setTimeZone/getTimeZone/toPattern');
  check(java.util.Locale.JAPAN.getCountry() === 'JP' && java.util.Locale.JAPANESE.getLanguage() === 'ja' && java.util.Locale.US.getVariant() === '', 'Locale constants');
  check(java.util.Locale.ENGLISH.getLanguage() === 'en' && java.util.Locale.ROOT.getLanguage() === '' && typeof java.util.Locale.getDefault().getLanguage() === 'string', 'Locale.ENGLISH/ROOT/getDefault');
  check(new java.text.DecimalFormat('#,###.0').format(new java.math.BigDecimal(1234.5)) === '1,234.5' && new java.text.DecimalFormat('0.00').format(2) === '2.00', 'DecimalFormat.format');
}

/** NewQfile in its forms, and the com classes a script tests values against. */
function usesQuestetraClasses(): void {
  const { NewQfile, QfileView } = com.questetra.bpms.core.event.scripttask;
  const text = new NewQfile('a.txt', 'text/plain', 'hello');
  check(text.getLength() === 5 && text.getContentType().startsWith('text/plain') && text instanceof QfileView, 'NewQfile(name, type, text), instanceof QfileView');
  check(new NewQfile('s.txt', 'text/plain', 'Shift_JIS', 'テスト').getLength() === 6, 'NewQfile(name, type, charset, text)');
  check(new NewQfile('copy.txt', 'text/plain', text).getLength() === 5, 'NewQfile(name, type, qfile)');
  const table: unknown = text;
  check(!(table instanceof com.questetra.bpms.core.model.formdata.ListArray), 'instanceof ListArray');
}

/** Runs every use above (in each tier, by test/tiers/java-classes.test.ts). */
function usesDeclaredJavaClasses(): void {
  usesArrayList();
  usesMaps();
  usesBigDecimal();
  usesSqlDates();
  usesAddableDates();
  usesTextFormats();
  usesQuestetraClasses();
}
