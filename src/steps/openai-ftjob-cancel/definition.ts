/** The XML definition of "OpenAI #FtJob: Cancel": labels, summary and configs. */
import type { AddonDefinition } from '../../build/definition.js';
import { connectionConfigs } from '../shared/connection-configs.js';
import { jobIdConfig } from '../shared/job-id-config.js';
import { jobJsonItemConfig, jobStatusItemConfig } from '../shared/job-item-configs.js';

export const definition: AddonDefinition = {
  name: 'openai-ftjob-cancel',
  lastModified: '2026-11-25',
  license: '(C) OpenAI FtJob add-ons for Questetra contributors (MIT License)',
  label: {
    en: 'OpenAI #FtJob: Cancel',
    ja: 'OpenAI #FtJob: キャンセル',
  },
  summary: {
    en: 'Cancels a fine-tuning job (FtJob) at once, so that it stops training and costing. The status ("cancelled") and the job as JSON can be stored. OpenAI or Azure OpenAI.',
    ja: 'ファインチューニングジョブ（FtJob）をすぐにキャンセルし、学習と課金を止めます。ステータス（cancelled）とジョブの JSON をデータ項目に保存できます。OpenAI と Azure OpenAI に対応しています。',
  },
  entryPoints: ['main'],
  configs: [
    ...connectionConfigs,
    jobIdConfig('StrConfA1', 'A1'),
    {
      name: 'StrConfA2',
      formType: 'TOGGLE',
      label: {
        en: 'A2: Store the status of an already ended job instead of failing',
        ja: 'A2: ジョブが終了済みでもエラーにせず、そのステータスを保存する',
      },
    },
    jobStatusItemConfig('SelectConfB1', 'B1'),
    jobJsonItemConfig('SelectConfB2', 'B2'),
  ],
};
