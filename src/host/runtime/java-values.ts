/**
 * Java values where the engine has Java (the GraalJS tier), plain JS values elsewhere (Node vm).
 * Questetra hands a DECIMAL item to a script as a `java.math.BigDecimal` and a FILE item as a
 * Java list; where we can, the local host does the same, so a script that treats them as JS
 * numbers or arrays fails here as it would on the server.
 */

interface JavaInterop {
  type(className: string): new (...args: unknown[]) => unknown;
}

/** GraalJS's `Java` object, or undefined under Node. */
function javaInterop(): JavaInterop | undefined {
  const candidate = (globalThis as { Java?: JavaInterop }).Java;
  return candidate && typeof candidate.type === 'function' ? candidate : undefined;
}

/** Which engine the host runs in, for reports. */
export function engineName(): string {
  return javaInterop() ? 'graaljs' : 'node';
}

/** A DECIMAL item's value: `java.math.BigDecimal` under GraalJS, a number under Node. */
export function toDecimal(value: unknown): unknown {
  const java = javaInterop();
  if (value === null) return null;
  if (java) {
    const BigDecimal = java.type('java.math.BigDecimal');
    return new BigDecimal(String(value));
  }
  return Number(value);
}

/** A FILE item's value: `java.util.ArrayList` under GraalJS, an array under Node. */
export function toList(values: unknown[]): unknown {
  const java = javaInterop();
  if (!java) return values.slice();
  const ArrayList = java.type('java.util.ArrayList');
  const list = new ArrayList() as { add(value: unknown): void };
  for (const value of values) list.add(value);
  return list;
}
