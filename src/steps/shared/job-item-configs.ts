/**
 * The data-item configs FtJob steps write results into, with the same form and wording in every
 * step; only the config name and its key (`B1`, `B2`, …) differ.
 */
import type { ConfigDefinition } from '../../build/definition.js';

/** A single-line string item for the job's status. */
export function jobStatusItemConfig(name: string, key: string): ConfigDefinition {
  return {
    name,
    formType: 'SELECT',
    selectDataType: 'STRING_TEXTFIELD',
    label: {
      en: `${key}: Select STRING DATA for Job Status (update)`,
      ja: `${key}: ジョブのステータスを保存する文字型データ項目を選択してください（更新）`,
    },
  };
}

/** A single-line string item for the job's ID. */
export function jobIdItemConfig(name: string, key: string): ConfigDefinition {
  return {
    name,
    formType: 'SELECT',
    selectDataType: 'STRING_TEXTFIELD',
    label: {
      en: `${key}: Select STRING DATA for Job ID (update)`,
      ja: `${key}: ジョブ ID を保存する文字型データ項目を選択してください（更新）`,
    },
  };
}

/** A multi-line string item for the job object as JSON. */
export function jobJsonItemConfig(name: string, key: string): ConfigDefinition {
  return {
    name,
    formType: 'SELECT',
    selectDataType: 'STRING_TEXTAREA',
    label: {
      en: `${key}: Select TEXTAREA DATA for Job as JSON (update)`,
      ja: `${key}: ジョブの JSON を保存する複数行の文字型データ項目を選択してください（更新）`,
    },
  };
}
