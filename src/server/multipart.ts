/**
 * Reads a `multipart/form-data` body (file uploads) with Node's own parser, the one behind
 * `Response.formData()` (undici, part of Node): no hand-written boundary splitting.
 */
import type { ErrorCatalog } from './errors.js';

export interface UploadedFile {
  filename: string;
  content: Uint8Array;
}

export interface Form {
  /** Every field name, in order (a name sent twice appears twice). */
  names: string[];
  /** A text field, or null when absent (a file sent there counts as absent). */
  text(name: string): string | null;
  /** A file field, or null when absent. */
  file(name: string): UploadedFile | null;
}

export async function readMultipart(contentType: string, body: Uint8Array, errors: ErrorCatalog): Promise<Form> {
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    throw errors.invalidRequest(
      `Invalid Content-Type header (${contentType || 'none'}), expected multipart/form-data. (HINT: If you're using curl, you can pass -H 'Content-Type: multipart/form-data')`,
      null,
      null,
    );
  }
  let form: FormData;
  try {
    // The body comes from Buffer.concat: an ArrayBuffer, never a SharedArrayBuffer.
    form = await new Response(body as Uint8Array<ArrayBuffer>, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw errors.invalidRequest('The multipart/form-data body could not be parsed.', null, null);
  }
  const files = new Map<string, UploadedFile>();
  const texts = new Map<string, string>();
  const names: string[] = [];
  for (const [name, value] of form.entries()) {
    names.push(name);
    if (typeof value === 'string') {
      if (!texts.has(name)) texts.set(name, value);
    } else if (!files.has(name)) {
      files.set(name, { filename: value.name, content: new Uint8Array(await value.arrayBuffer()) });
    }
  }
  return {
    names,
    text: (name) => texts.get(name) ?? null,
    file: (name) => files.get(name) ?? null,
  };
}
