/** The XML definition of "OpenAI #File: Upload": labels, summary and configs. */
import type { AddonDefinition } from '../../build/definition.js';
import { connectionConfigs } from '../shared/connection-configs.js';

/** OpenAI's file purposes (FilePurpose), fine-tune first: blank means fine-tune. */
const PURPOSES: { value: string; en: string; ja: string }[] = [
  { value: 'fine-tune', en: 'fine-tune (training or validation file)', ja: 'fine-tune（学習・検証ファイル）' },
  { value: 'batch', en: 'batch (Batch API input)', ja: 'batch（Batch API の入力）' },
  { value: 'assistants', en: 'assistants', ja: 'assistants' },
  { value: 'user_data', en: 'user_data', ja: 'user_data' },
  { value: 'evals', en: 'evals (eval data set)', ja: 'evals（評価データセット）' },
  { value: 'vision', en: 'vision (images for vision fine-tuning)', ja: 'vision（画像ファインチューニング用の画像）' },
];

export const definition: AddonDefinition = {
  name: 'openai-file-upload',
  lastModified: '2026-11-25',
  license: '(C) OpenAI FtJob add-ons for Questetra contributors (MIT License)',
  label: {
    en: 'OpenAI #File: Upload',
    ja: 'OpenAI #File: アップロード',
  },
  summary: {
    en: 'Uploads the file of a FILE data item, e.g. the JSONL training file of a fine-tuning job. A training file is checked line by line before it is sent. The file ID and the file as JSON can be stored. OpenAI or Azure OpenAI.',
    ja: 'ファイル型データ項目のファイル（ファインチューニング用の JSONL 学習ファイルなど）をアップロードします。学習ファイルは送信前に 1 行ずつ検査します。ファイル ID とファイルの JSON をデータ項目に保存できます。OpenAI と Azure OpenAI に対応しています。',
  },
  entryPoints: ['main'],
  configs: [
    ...connectionConfigs,
    {
      name: 'SelectConfA1',
      formType: 'SELECT',
      selectDataType: 'FILE',
      required: true,
      label: {
        en: 'A1: Select FILE DATA holding the file to upload (one file)',
        ja: 'A1: アップロードするファイルが格納されているファイル型データ項目を選択してください（1 ファイル）',
      },
    },
    {
      name: 'StrConfA2',
      formType: 'SELECT_ITEM',
      label: { en: 'A2: Select Purpose (blank: fine-tune)', ja: 'A2: 用途（purpose）を選択してください（空欄なら fine-tune）' },
      items: PURPOSES.map((purpose) => ({ value: purpose.value, label: { en: purpose.en, ja: purpose.ja } })),
    },
    {
      name: 'StrConfA3',
      formType: 'TOGGLE',
      label: {
        en: 'A3: Do not check the content of a training file (fine-tune)',
        ja: 'A3: 学習ファイル（fine-tune）の内容を検査せずにアップロードする',
      },
    },
    {
      name: 'SelectConfB1',
      formType: 'SELECT',
      selectDataType: 'STRING_TEXTFIELD',
      label: {
        en: 'B1: Select STRING DATA for File ID (update)',
        ja: 'B1: ファイル ID を保存する文字型データ項目を選択してください（更新）',
      },
    },
    {
      name: 'SelectConfB2',
      formType: 'SELECT',
      selectDataType: 'STRING_TEXTAREA',
      label: {
        en: 'B2: Select TEXTAREA DATA for File as JSON (update)',
        ja: 'B2: ファイルの JSON を保存する複数行の文字型データ項目を選択してください（更新）',
      },
    },
  ],
};
