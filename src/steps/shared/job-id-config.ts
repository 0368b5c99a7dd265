/**
 * The config of the FtJob a step acts on (Cancel, Wait): read by src/lib/job-id.ts, worded the
 * same in every step that takes one; only the config name and its key (`A1`) could differ.
 */
import type { ConfigDefinition } from '../../build/definition.js';

/** A required FtJob ID, EL allowed (a process usually holds the ID Create wrote). */
export function jobIdConfig(name: string, key: string): ConfigDefinition {
  return {
    name,
    formType: 'TEXTFIELD',
    elEnabled: true,
    required: true,
    label: { en: `${key}: Set Job ID ("ftjob-xxxx")`, ja: `${key}: ジョブ ID をセットしてください（例: ftjob-xxxx）` },
  };
}
