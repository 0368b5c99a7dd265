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
  /**
   * The `<script>` program: the element's whole text as an XML parser gives it (what the
   * platform runs), i.e. its CDATA sections and any text around them. Our writer puts it in one
   * CDATA section and nothing else, so that it reads back unchanged.
   */
  script?: string;
  /** Base64 of the icon PNG, line breaks removed. */
  icon?: string;
  /** The `<test>` block: the element's whole text, as for `script`. */
  test?: string;
}

/** Every text of `model` that goes into the XML, each with the name of its field (`configs[2].label.ja`). */
export function modelTexts(model: AddonModel): { field: string; text: string }[] {
  const texts: { field: string; text: string }[] = [];
  const add = (field: string, text: string | undefined): void => {
    if (text !== undefined) texts.push({ field, text });
  };
  const addLocalized = (field: string, text: LocalizedText): void => {
    for (const [locale, value] of Object.entries(text)) add(`${field}.${locale}`, value);
  };
  add('license', model.license);
  add('lastModified', model.lastModified);
  add('engineType', model.engineType);
  add('addonVersion', model.addonVersion);
  addLocalized('label', model.label);
  addLocalized('summary', model.summary);
  addLocalized('helpPageUrl', model.helpPageUrl);
  model.configs.forEach((config, index) => {
    const field = `configs[${index}]`;
    add(`${field}.name`, config.name);
    add(`${field}.formType`, config.formType);
    addLocalized(`${field}.label`, config.label);
    add(`${field}.selectDataType`, config.selectDataType);
    add(`${field}.authType`, config.authType);
    add(`${field}.oauth2SettingName`, config.oauth2SettingName);
    add(`${field}.dependsOn`, config.dependsOn);
    for (const [name, value] of Object.entries(config.otherAttributes)) {
      add(`${field}.otherAttributes.${name}`, name);
      add(`${field}.otherAttributes.${name}`, value);
    }
    config.items.forEach((item, itemIndex) => {
      add(`${field}.items[${itemIndex}].value`, item.value);
      addLocalized(`${field}.items[${itemIndex}].label`, item.label);
    });
  });
  add('script', model.script);
  add('icon', model.icon);
  add('test', model.test);
  return texts;
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
  /** The longest config label of Questetra's published add-ons (131 files): longer ones wrap in the property panel. */
  configLabelLength: 64,
  summaryLength: 250,
  helpPageUrlLength: 250,
  configCount: 20,
  iconSize: 32,
} as const;
