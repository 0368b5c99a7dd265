/**
 * OpenAI #File: Upload — uploads the file of a FILE data item to OpenAI or Azure OpenAI (one
 * `POST …/files`, multipart/form-data), so that a later step can start a fine-tuning job on it.
 * A training file (purpose `fine-tune`) is checked first, line by line, against OpenAI's rules:
 * what OpenAI would refuse minutes later, after the upload, is refused here at once, with the
 * line number.
 */
import { quote, readText, readToggle } from '../../lib/configs';
import { logConnection, readConnection } from '../../lib/connection';
import { jsonOutput, readOptionalDataItem, textOutput, writeAll } from '../../lib/data-items';
import { ConfigError } from '../../lib/errors';
import { readOneFile } from '../../lib/file-items';
import { processLog } from '../../lib/log';
import { uploadFile } from '../../lib/openai-file';
import { TrainingFileCheck, uploadSizeProblem, type Utf8Verdict } from '../../lib/training-file';
import { firstNonUtf8Byte } from '../../lib/utf8-bytes';

/** The purposes A2 offers (OpenAI's FilePurpose); blank is `fine-tune`. */
const PURPOSES = ['fine-tune', 'batch', 'assistants', 'user_data', 'evals', 'vision'];
const FINE_TUNE = 'fine-tune';

export function main(): void {
  //// == Config retrieving and checking: nothing is sent until all configs and the file are valid ==
  const connection = readConnection();
  const file = readOneFile('SelectConfA1', 'the file to upload');
  const purpose = readPurpose('StrConfA2');
  const contentCheckOff = readToggle('StrConfA3');
  const idItem = readOptionalDataItem('SelectConfB1', 'single-line string');
  const jsonItem = readOptionalDataItem('SelectConfB2', 'multi-line string');
  if (purpose === FINE_TUNE) checkTrainingFile('SelectConfA1', file, contentCheckOff);
  logConnection(connection);
  processLog(`A1: file ${quote(file.getName())}, ${file.getLength()} bytes, ${file.getContentType()}; A2: purpose ${purpose}`);

  //// == Calculating: one request ==
  const uploaded = uploadFile(connection, { file, purpose });
  const outputs = [textOutput(idItem, uploaded.id), jsonOutput(jsonItem, uploaded)];
  processLog(`File ${uploaded.id} uploaded (${purpose})`);

  //// == Data updating: every value prepared and checked first, then all written ==
  writeAll(outputs);
}

/** The purpose of A2: one of PURPOSES; blank is fine-tune. */
function readPurpose(configName: string): string {
  const value = readText(configName);
  if (value === '') return FINE_TUNE;
  if (PURPOSES.indexOf(value) < 0) {
    throw new ConfigError(configName, `${quote(value)} is not a purpose this step offers; choose one of ${PURPOSES.join(', ')} (blank: ${FINE_TUNE})`);
  }
  return value;
}

/**
 * A training file must be what OpenAI's fine-tuning takes: its name ends in `.jsonl` and it fits
 * one upload (always checked); its content (UTF-8 JSON Lines in one of the fine-tuning formats,
 * at least 10 examples) is checked unless A3 switches that off.
 */
function checkTrainingFile(configName: string, file: QfileView, contentCheckOff: boolean): void {
  const name = file.getName();
  if (!/\.jsonl$/i.test(name)) {
    throw new ConfigError(configName, `the file ${quote(name)} is not a JSON Lines file; fine-tuning takes a file whose name ends in .jsonl`);
  }
  const sizeProblem = uploadSizeProblem(file.getLength());
  if (sizeProblem !== null) throw new ConfigError(configName, `the file ${quote(name)} ${sizeProblem}`);
  if (contentCheckOff) {
    processLog(`A3: the content of ${quote(name)} is not checked`);
    return;
  }
  let check = checkedLines(file, undefined);
  // A U+FFFD is a byte that is not UTF-8, or that character itself: only the bytes tell.
  if (check.needsByteCheck()) check = checkedLines(file, firstNonUtf8Byte(file));
  const problem = check.result();
  if (problem !== null) {
    throw new ConfigError(configName, `the training file ${quote(name)} ${problem} (A3 on: upload it unchecked)`);
  }
  processLog(`A1: ${quote(name)}: ${check.exampleCount()} examples in the ${check.formatFound() ?? ''} format`);
}

/** The training-file check of `file`'s lines (read as UTF-8), given what is known of its bytes. */
function checkedLines(file: QfileView, utf8: Utf8Verdict): TrainingFileCheck {
  const check = new TrainingFileCheck(utf8);
  fileRepository.readFile(file, 'UTF-8', (line: string) => check.addLine(line));
  return check;
}
