/**
 * The config definitions (U1–U5) every FtJob step declares, with the same names, form types
 * and labels, so that they read the same in every step's property panel.
 */
import type { ConfigDefinition } from '../../build/definition.js';

export const connectionConfigs: ConfigDefinition[] = [
  {
    name: 'AuthzConfU1',
    formType: 'OAUTH2',
    authType: 'TOKEN',
    required: true,
    label: {
      en: 'U1: Select HTTP_Authz Setting (API key as "Token Fixed Value")',
      ja: 'U1: HTTP 認証設定を選択してください（API キーを「トークン直接指定」で設定）',
    },
  },
  {
    name: 'StrConfU2',
    formType: 'TEXTFIELD',
    elEnabled: true,
    label: {
      en: 'U2: Set OpenAI Organization ID, if needed ("org-xxxx")',
      ja: 'U2: 必要なら OpenAI の Organization ID をセットしてください（例: org-xxxx）',
    },
  },
  {
    name: 'StrConfU3',
    formType: 'TEXTFIELD',
    elEnabled: true,
    label: {
      en: 'U3: Set OpenAI Project ID, if needed ("proj_xxxx")',
      ja: 'U3: 必要なら OpenAI の Project ID をセットしてください（例: proj_xxxx）',
    },
  },
  {
    name: 'StrConfU4',
    formType: 'TEXTFIELD',
    label: {
      en: 'U4: Set Azure OpenAI endpoint, if used (blank: OpenAI)',
      ja: 'U4: Azure OpenAI の場合はエンドポイントをセットしてください（空欄なら OpenAI）',
    },
  },
  {
    name: 'StrConfU5',
    formType: 'TEXTFIELD',
    label: {
      en: 'U5: Set Azure OpenAI API version (blank: 2024-10-21)',
      ja: 'U5: Azure OpenAI の API バージョンをセットしてください（空欄なら 2024-10-21）',
    },
  },
];
