/** The FtJob ID a step is given in a config (Cancel, Wait): the one rule for all of them. */
import { quote, readRequiredText } from './configs';
import { ConfigError } from './errors';
import { JOB_ID } from './job';

/** The job ID of `configName`, trimmed; refused unless it is a plain ID that cannot leave its URL path. */
export function readJobId(configName: string): string {
  const jobId = readRequiredText(configName, 'the FtJob ID', 'ftjob-abc123');
  if (!JOB_ID.test(jobId)) {
    throw new ConfigError(
      configName,
      `${quote(jobId)} is not a fine-tuning job ID; an ID looks like ftjob-abc123 (letters, digits, "-" and "_" only)`,
    );
  }
  return jobId;
}
