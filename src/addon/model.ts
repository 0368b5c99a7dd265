/**
 * The add-on model: one in-memory shape for a Questetra add-on XML file. The build writes it
 * (xml-write.ts), lint and the local host read it back (xml-read.ts), so the format lives here.
 *
 * It mirrors the XML rather than our step definitions, so that files written by others
 * (missing elements, extra locales, tabs) read into it too: lint judges, the model only holds.
 */

/** Text per locale. `en` is the element without a `locale` attribute (Questetra's default). */
export interface LocalizedText {
  en?: string;
  ja?: string;
  [locale: string]: string | undefined;
}

/** One `<item>` of a `SELECT_ITEM` config. */
export interface ConfigItem {
  value: string;
  label: LocalizedText;
}

/** One `<config>`. Attributes the model does not name are kept in `otherAttributes`. */
export interface AddonConfig {
  name: string;
  formType: string;
  label: LocalizedText;
  required: boolean;
  elEnabled: boolean;
  editable: boolean;
  selectDataType?: string;
  authType?: string;
  oauth2SettingName?: string;
  dependsOn?: string;
  deprecated: boolean;
  items: ConfigItem[];
  otherAttributes: Record<string, string>;
}

/** A whole `<service-task-definition>`. Absent elements are `undefined`. */
export interface AddonModel {
  license?: string;
  lastModified?: string;
  engineType?: string;
  addonVersion?: string;
  label: LocalizedText;
  summary: LocalizedText;
  helpPageUrl: LocalizedText;
  configs: AddonConfig[];
  /** The `<script>` program, exactly as between the CDATA markers. */
  script?: string;
  /** Base64 of the icon PNG, line breaks removed. */
  icon?: string;
  /** The `<test>` block, exactly as between the CDATA markers. */
  test?: string;
}

/** The root element's name. */
export const ROOT_ELEMENT = 'service-task-definition';

/** The form types Questetra's modeler knows. */
export const FORM_TYPES = [
  'TEXTFIELD',
  'TEXTAREA',
  'SELECT',
  'SELECT_ITEM',
  'TOGGLE',
  'OAUTH2',
  'QUSER',
  'SELECT_LIST_SUB_DATA',
] as const;

/** The limits of the format. */
export const LIMITS = {
  labelLength: 64,
  summaryLength: 250,
  helpPageUrlLength: 250,
  configCount: 20,
  iconSize: 32,
} as const;
