/**
 * The package globals a script reaches classes through: `java.util.ArrayList`,
 * `com.questetra.bpms.core.event.scripttask.NewQfile`, …
 *
 * Under GraalJS `java` is the engine's own (real Java classes, filtered by the runner's
 * allow-list); under Node it is this tree of stand-ins. `com.questetra…` is this tree in both
 * tiers: JS stand-ins, except the Addable date classes, which are real Java under GraalJS.
 */
import { addableClasses, SqlDate, Timestamp } from './dates';
import { BigDecimal, RoundingMode } from './java-bigdecimal';
import { JavaArrayList, JavaLinkedHashMap } from './java-collections';
import { DecimalFormat, Locale, SimpleDateFormat } from './java-text';
import { ListArray } from './data-items';
import { Qfile } from './files';
import { javaInterop } from './java-values';

/**
 * `java.*` for the Node tier: exactly the classes test/graaljs/host-classes.txt lets a script reach
 * in GraalJS (test/tiers/java-classes.test.ts fails on any difference). `java.util.TimeZone`
 * stays out (its setDefault is JVM-wide; a script gets a zone from `SimpleDateFormat.getTimeZone()`),
 * and so do `java.util.Date` and `java.util.List`, which no published add-on needs.
 */
function javaStandIns(): Record<string, unknown> {
  return {
    util: {
      ArrayList: JavaArrayList,
      LinkedHashMap: JavaLinkedHashMap,
      HashMap: JavaLinkedHashMap,
      Locale,
    },
    math: { BigDecimal, RoundingMode },
    sql: { Timestamp, Date: SqlDate },
    text: { SimpleDateFormat, DecimalFormat },
  };
}

function questetraClasses(): Record<string, unknown> {
  const { AddableTimestamp, AddableDate } = addableClasses();
  return {
    questetra: {
      bpms: {
        core: {
          event: { scripttask: { NewQfile: Qfile, QfileView: Qfile } },
          model: { formdata: { ListArray } },
        },
        util: { AddableTimestamp, AddableDate },
      },
    },
  };
}

export function installPackages(global: Record<string, unknown>): void {
  if (!javaInterop()) global['java'] = javaStandIns();
  global['com'] = questetraClasses();
}
