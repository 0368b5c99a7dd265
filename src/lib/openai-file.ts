/**
 * Uploading a file (`POST …/files`, multipart/form-data) and the file object (`OpenAIFile` in
 * OpenAI's contract) it answers with: checked to be the file just uploaded before anything is
 * logged from it or written to the workflow's data.
 */
import type { FileObject } from 'openai/resources/files';
import { apiUrl } from './endpoint';
import { FILE_ID } from './files';
import { type ApiAnswer, type Connection, refuseAnswer, sendRequest } from './openai-request';
import { capText } from './text';

/** What an upload sends, to compare the answer with. */
export interface FileUpload {
  file: QfileView;
  purpose: string;
}

/**
 * POSTs `purpose` and `file` (the platform writes the boundary, and the file part with the file's
 * name and content type) and returns the answer, which must be the file object of that file.
 */
export function uploadFile(connection: Connection, upload: FileUpload): FileObject {
  const url = apiUrl(connection.endpoint, '/files');
  const answer = sendRequest(connection, 'POST', url, (request) => request.multipart('purpose', upload.purpose).multipart('file', upload.file));
  return checkUploadedFile(answer, upload);
}

/** A value from an answer, shown in a message: JSON, shortened. */
function shown(value: unknown): string {
  return capText(JSON.stringify(value ?? null) ?? 'null', 60);
}

/** What keeps `value` from being the file object of `upload`, or null when it is it. */
function fileProblem(value: unknown, upload: FileUpload): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it is not a JSON object';
  const candidate = value as { object?: unknown; id?: unknown; bytes?: unknown; purpose?: unknown };
  if (candidate.object !== 'file') return `its "object" is ${shown(candidate.object)}, not "file"`;
  if (typeof candidate.id !== 'string' || !FILE_ID.test(candidate.id)) return 'it has no file "id" like file-abc123';
  // Both may be left out (OpenAI's newer contract allows bytes: null); when given, they must match.
  const bytes = upload.file.getLength();
  if (typeof candidate.bytes === 'number' && candidate.bytes !== bytes) return `its "bytes" is ${candidate.bytes}, but ${bytes} were sent`;
  if (typeof candidate.purpose === 'string' && candidate.purpose !== upload.purpose) {
    return `its "purpose" is ${shown(candidate.purpose)}, but "${upload.purpose}" was sent`;
  }
  return null;
}

/** The answer as the uploaded file when it is it; otherwise an ApiError, the body in the process log. */
export function checkUploadedFile(answer: ApiAnswer, upload: FileUpload): FileObject {
  const problem = fileProblem(answer.value, upload);
  if (problem !== null) throw refuseAnswer(answer, `not with the file object of ${JSON.stringify(upload.file.getName())} (${problem})`);
  return answer.value as FileObject;
}
