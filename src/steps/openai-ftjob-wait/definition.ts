/** The XML definition of "OpenAI #FtJob: Wait": labels, summary and configs. */
import type { AddonDefinition } from '../../build/definition.js';
import { connectionConfigs } from '../shared/connection-configs.js';
import { jobIdConfig } from '../shared/job-id-config.js';
import { jobJsonItemConfig, jobStatusItemConfig } from '../shared/job-item-configs.js';

export const definition: AddonDefinition = {
  name: 'openai-ftjob-wait',
  lastModified: '2026-11-25',
  license: '(C) OpenAI FtJob add-ons for Questetra contributors (MIT License)',
  label: {
    en: 'OpenAI #FtJob: Wait',
    ja: 'OpenAI #FtJob: 終了待ち',
  },
  summary: {
    en: 'Waits until a fine-tuning job (FtJob) has ended, then stores its status, the fine-tuned model name ("ft:..."), the trained tokens and the error of a failed job. A failed or cancelled job can fail the step. OpenAI or Azure OpenAI.',
    ja: 'ファインチューニングジョブ（FtJob）の終了を待ち、ステータス、学習済みモデル名（ft:...）、学習トークン数、失敗したジョブのエラーを保存します。失敗・キャンセルで終わったジョブを工程のエラーにすることもできます。OpenAI と Azure OpenAI に対応しています。',
  },
  entryPoints: ['main', 'proceed'],
  configs: [
    ...connectionConfigs,
    jobIdConfig('StrConfA1', 'A1'),
    {
      name: 'StrConfA2',
      formType: 'TOGGLE',
      label: {
        en: 'A2: A job that ends failed or cancelled is an error (step fails)',
        ja: 'A2: ジョブが失敗・キャンセルで終わったら工程をエラーにする',
      },
    },
    jobStatusItemConfig('SelectConfB1', 'B1'),
    {
      name: 'SelectConfB2',
      formType: 'SELECT',
      selectDataType: 'STRING_TEXTFIELD',
      label: {
        en: 'B2: Select STRING DATA for Fine-tuned Model Name (update)',
        ja: 'B2: 学習済みモデル名を保存する文字型データ項目を選択してください（更新）',
      },
    },
    {
      name: 'SelectConfB3',
      formType: 'SELECT',
      selectDataType: 'DECIMAL',
      label: {
        en: 'B3: Select NUMERIC DATA for Trained Tokens (update)',
        ja: 'B3: 学習トークン数を保存する数値型データ項目を選択してください（更新）',
      },
    },
    {
      name: 'SelectConfB4',
      formType: 'SELECT',
      selectDataType: 'STRING',
      label: {
        en: 'B4: Select STRING DATA for Error Message of Failed Job (update)',
        ja: 'B4: ジョブが失敗した場合のエラーを保存する文字型データ項目を選択してください（更新）',
      },
    },
    jobJsonItemConfig('SelectConfB5', 'B5'),
  ],
};
