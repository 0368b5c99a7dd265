/**
 * Just enough of source maps (version 3) to say which TypeScript line a place in esbuild's
 * output comes from, for build errors. Only `mappings`, `sources` and line numbers are read.
 */

export interface SourceLine {
  /** The source file as the map names it, e.g. `src/steps/openai-ftjob-create/test.ts`. */
  source: string;
  /** 1-based. */
  line: number;
  /**
   * 1-based: the column of the nearest mapping at or before the offset, when that is on the
   * offset's line. esbuild maps the start of each token (and the start of a line, before its
   * indentation, to the statement), which is where engines place an error.
   */
  column?: number;
}

/** One mapping segment: generated column, source index, original line and column (0-based). */
type Segment = [number, number, number, number];

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The numbers of one segment (base64 VLQ, sign in the lowest bit). */
function decodeVlq(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64.indexOf(char);
    if (digit === -1) throw new Error(`source map: '${char}' is not base64`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value % 2 === 1 ? -Math.floor(value / 2) : value / 2);
    value = 0;
    shift = 0;
  }
  return values;
}

/** Per generated line, its segments that point into a source, in column order. */
function decodeMappings(mappings: string): Segment[][] {
  let source = 0;
  let originalLine = 0;
  let originalColumn = 0;
  return mappings.split(';').map((line) => {
    let column = 0;
    const segments: Segment[] = [];
    for (const text of line.split(',')) {
      if (text === '') continue;
      const [columnDelta = 0, sourceDelta, lineDelta = 0, columnDeltaInSource = 0] = decodeVlq(text);
      column += columnDelta;
      if (sourceDelta === undefined) continue; // a segment mapped to no source
      source += sourceDelta;
      originalLine += lineDelta;
      originalColumn += columnDeltaInSource;
      segments.push([column, source, originalLine, originalColumn]);
    }
    return segments;
  });
}

/**
 * A function from an offset in `code` (the generated file) to its source file and line: the
 * nearest mapping at or before that place, moved down by the lines in between. A token spanning
 * lines (a template literal) has its mapping at its start; esbuild repeats that mapping at the
 * start of each further line, which is followed back to the line where the token starts.
 */
export function sourceLocator(code: string, mapJson: string): (offset: number) => SourceLine | undefined {
  const map = JSON.parse(mapJson) as { sources?: string[]; mappings?: string };
  const lines = decodeMappings(map.mappings ?? '');
  const sources = map.sources ?? [];
  /** The last segment at or before (line, column), with the generated line it is on. */
  const segmentAt = (line: number, column: number): { segment: Segment; at: number } | undefined => {
    for (let at = line; at >= 0; at--) {
      const candidates = (lines[at] ?? []).filter(([segmentColumn]) => at < line || segmentColumn <= column);
      const segment = candidates[candidates.length - 1];
      if (segment) return { segment, at };
    }
    return undefined;
  };
  const sameSpot = (a: Segment, b: Segment): boolean => a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
  return (offset) => {
    const before = code.slice(0, offset);
    const line = before.split('\n').length - 1;
    const column = offset - (before.lastIndexOf('\n') + 1);
    let found = segmentAt(line, column);
    // A repeated mapping at the start of a line: go back to where the token began.
    while (found && found.at > 0 && found.segment === lines[found.at]?.[0]) {
      const previous = segmentAt(found.at - 1, Number.MAX_SAFE_INTEGER);
      if (!previous || !sameSpot(previous.segment, found.segment)) break;
      found = previous;
    }
    if (!found) return undefined;
    const source = sources[found.segment[1]];
    if (source === undefined) return undefined;
    const [, , originalLine, originalColumn] = found.segment;
    return found.at === line ? { source, line: originalLine + 1, column: originalColumn + 1 } : { source, line: originalLine + 1 + (line - found.at) };
  };
}
