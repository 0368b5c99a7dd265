/** The XML definition of "OpenAI #FtJob: Create": labels, summary and configs. */
import type { AddonDefinition } from '../../build/definition.js';
import { connectionConfigs } from '../shared/connection-configs.js';
import { jobIdItemConfig, jobJsonItemConfig, jobStatusItemConfig } from '../shared/job-item-configs.js';

/** Models OpenAI lets you fine-tune today; A2 also accepts any other name (an earlier `ft:` model). */
const BASE_MODELS = [
  'gpt-4.1-2025-04-14',
  'gpt-4.1-mini-2025-04-14',
  'gpt-4.1-nano-2025-04-14',
  'gpt-4o-2024-08-06',
  'gpt-4o-mini-2024-07-18',
  'gpt-3.5-turbo-0125',
  'babbage-002',
  'davinci-002',
];

export const definition: AddonDefinition = {
  name: 'openai-ftjob-create',
  lastModified: '2026-11-25',
  license: '(C) OpenAI FtJob add-ons for Questetra contributors (MIT License)',
  label: {
    en: 'OpenAI #FtJob: Create',
    ja: 'OpenAI #FtJob: 作成',
  },
  summary: {
    en: 'Creates a fine-tuning job (FtJob) that trains a model on an uploaded training file (supervised or DPO). The job ID, its status and the job as JSON can be stored. OpenAI or Azure OpenAI.',
    ja: 'アップロード済みの学習ファイルでモデルを学習させる、ファインチューニングジョブ（FtJob）を作成します（supervised または DPO）。ジョブ ID、ステータス、ジョブの JSON をデータ項目に保存できます。OpenAI と Azure OpenAI に対応しています。',
  },
  entryPoints: ['main'],
  configs: [
    ...connectionConfigs,
    {
      name: 'StrConfA1',
      formType: 'TEXTFIELD',
      elEnabled: true,
      required: true,
      label: { en: 'A1: Set Training File ID ("file-xxxx")', ja: 'A1: 学習ファイルの ID をセットしてください（例: file-xxxx）' },
    },
    {
      name: 'StrConfA2',
      formType: 'SELECT_ITEM',
      editable: true,
      required: true,
      label: {
        en: 'A2: Select or enter Base Model (or an earlier "ft:" model)',
        ja: 'A2: ベースモデルを選択または入力してください（学習済みの ft: モデルも可）',
      },
      items: BASE_MODELS.map((model) => ({ value: model, label: { en: model, ja: model } })),
    },
    {
      name: 'StrConfA3',
      formType: 'TEXTFIELD',
      elEnabled: true,
      label: { en: 'A3: Set Validation File ID, if needed ("file-xxxx")', ja: 'A3: 必要なら検証ファイルの ID をセットしてください（例: file-xxxx）' },
    },
    {
      name: 'StrConfA4',
      formType: 'TEXTFIELD',
      elEnabled: true,
      label: {
        en: 'A4: Set model name suffix, if needed (1-64 chars; Azure: 1-40)',
        ja: 'A4: 必要ならモデル名のサフィックスをセットしてください（1〜64 文字、Azure は 40 文字まで）',
      },
    },
    {
      name: 'StrConfA5',
      formType: 'SELECT_ITEM',
      label: { en: 'A5: Select Method (blank: supervised)', ja: 'A5: 学習方式を選択してください（空欄なら supervised）' },
      items: [
        { value: 'supervised', label: { en: 'supervised (SFT)', ja: 'supervised（教師ありファインチューニング）' } },
        { value: 'dpo', label: { en: 'dpo (Direct Preference Optimization)', ja: 'dpo（直接選好最適化）' } },
      ],
    },
    {
      name: 'StrConfA6',
      formType: 'TEXTFIELD',
      elEnabled: true,
      label: { en: 'A6: Set n_epochs (1-50 or auto; blank: auto)', ja: 'A6: エポック数 n_epochs をセットしてください（1〜50、空欄・auto で自動）' },
    },
    {
      name: 'StrConfA7',
      formType: 'TEXTFIELD',
      elEnabled: true,
      label: { en: 'A7: Set batch_size (1-256 or auto; blank: auto)', ja: 'A7: バッチサイズ batch_size をセットしてください（1〜256、空欄・auto で自動）' },
    },
    {
      name: 'StrConfA8',
      formType: 'TEXTFIELD',
      elEnabled: true,
      label: {
        en: 'A8: Set learning_rate_multiplier (> 0 or auto; blank: auto)',
        ja: 'A8: 学習率の倍率 learning_rate_multiplier をセットしてください（正の数、空欄・auto で自動）',
      },
    },
    {
      name: 'StrConfA9',
      formType: 'TEXTFIELD',
      elEnabled: true,
      label: {
        en: 'A9: Set beta, DPO only (> 0 and <= 2, or auto; blank: auto)',
        ja: 'A9: DPO のみ: beta をセットしてください（0 より大きく 2 以下、空欄・auto で自動）',
      },
    },
    {
      name: 'StrConfA10',
      formType: 'TEXTFIELD',
      elEnabled: true,
      label: { en: 'A10: Set seed, if needed (integer 0-2147483647)', ja: 'A10: 必要なら seed をセットしてください（0〜2147483647 の整数）' },
    },
    {
      name: 'StrConfA11',
      formType: 'TEXTAREA',
      elEnabled: true,
      label: {
        en: 'A11: Set metadata, if needed (one key=value per line; up to 16)',
        ja: 'A11: 必要ならメタデータをセットしてください（1 行に 1 つ key=value、最大 16 個）',
      },
    },
    {
      // Last of the A configs (not beside A2) so that the panel's numbering stays in order; the
      // 20th and last config an add-on may have.
      name: 'StrConfA12',
      formType: 'TEXTFIELD',
      elEnabled: true,
      label: {
        en: 'A12: Set Base Model from data, if needed (used instead of A2)',
        ja: 'A12: 必要ならベースモデルをデータからセットしてください（A2 の代わりに使用）',
      },
    },
    jobStatusItemConfig('SelectConfB1', 'B1'),
    jobIdItemConfig('SelectConfB2', 'B2'),
    jobJsonItemConfig('SelectConfB3', 'B3'),
  ],
};
