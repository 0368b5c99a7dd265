/** IDs of files uploaded to OpenAI or Azure OpenAI (`POST /files`), as configs name them. */
import { quote, readRequiredText, readText } from './configs';
import { ConfigError } from './errors';

/**
 * A file ID: `file-` and letters, digits, `-` or `_` (OpenAI `file-abc123`, Azure OpenAI
 * `file-181a1cbdcdcf4677ada87f63a0928099`). Nothing else, so no space, line break or control
 * character from an EL result can reach the request.
 */
export const FILE_ID = /^file-[A-Za-z0-9_-]{1,128}$/;

function requireFileId(configName: string, what: string, value: string): string {
  if (!FILE_ID.test(value)) {
    throw new ConfigError(
      configName,
      `${quote(value)} is not a file ID; ${what} looks like file-abc123 ("file-", then letters, digits, "-" and "_" only)`,
    );
  }
  return value;
}

/** The file ID of a required TEXTFIELD config, trimmed. `what` names it ("the training file ID"). */
export function readFileId(configName: string, what: string): string {
  return requireFileId(configName, what, readRequiredText(configName, what, 'file-abc123'));
}

/** Like readFileId, but blank → undefined (left out of the request). */
export function readOptionalFileId(configName: string, what: string): string | undefined {
  const value = readText(configName);
  return value === '' ? undefined : requireFileId(configName, what, value);
}
