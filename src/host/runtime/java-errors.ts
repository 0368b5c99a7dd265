/**
 * Java exceptions as GraalJS shows them to a script: an `Error` whose `name` is the Java class
 * (`java.lang.IndexOutOfBoundsException`) and whose `message` is Java's message, so that
 * `e.message` and `String(e)` read as they do on the server.
 */
export function javaException(className: string, message: string): Error {
  const error = new Error(message);
  Object.defineProperty(error, 'name', { value: className, enumerable: false, configurable: true, writable: true });
  return error;
}

export function illegalArgument(message: string): Error {
  return javaException('java.lang.IllegalArgumentException', message);
}

export function indexOutOfBounds(index: number, length: number): Error {
  return javaException('java.lang.IndexOutOfBoundsException', `Index ${index} out of bounds for length ${length}`);
}

export function arithmetic(message: string): Error {
  return javaException('java.lang.ArithmeticException', message);
}

export function numberFormat(message: string): Error {
  return javaException('java.lang.NumberFormatException', message);
}
