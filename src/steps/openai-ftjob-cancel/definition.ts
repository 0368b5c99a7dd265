/** The XML definition of "OpenAI #FtJob: Cancel": labels, summary and configs. */
import type { AddonDefinition } from '../../build/definition.js';
import { connectionConfigs } from '../shared/connection-configs.js';
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
    ja: 'ファインチューニングJob(FtJob)を即時停止させ、学習と課金を止めます。ステータス ("cancelled") とジョブの JSON を格納できます。OpenAI と Azure OpenAI に対応。',
  },
  helpPageUrl: {
    en: 'https://platform.openai.com/docs/api-reference/fine-tuning/cancel',
    ja: 'https://platform.openai.com/docs/api-reference/fine-tuning/cancel',
  },
  entryPoints: ['main'],
  configs: [
    ...connectionConfigs,
    {
      name: 'StrConfA1',
      formType: 'TEXTFIELD',
      elEnabled: true,
      required: true,
      label: { en: 'A1: Set FtJob ID ("ftjob-xxxx")', ja: 'A1: FtジョブのIDをセットしてください ("ftjob-xxxx")' },
    },
    {
      name: 'StrConfA2',
      formType: 'TOGGLE',
      label: {
        en: 'A2: A job that has already ended is not an error (store its status)',
        ja: 'A2: 終了済みのジョブはエラーにしない (そのステータスを格納)',
      },
    },
    jobStatusItemConfig('SelectConfB1', 'B1'),
    jobJsonItemConfig('SelectConfB2', 'B2'),
  ],
};
