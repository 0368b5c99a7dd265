/**
 * An add-on's definition as its step folder writes it (src/steps/<add-on>/definition.ts):
 * everything of the XML that is not code. English and Japanese are both required, as in
 * Questetra's own add-ons.
 */

/** A type alias, not an interface, so that it fits the model's LocalizedText. */
export type Bilingual = {
  en: string;
  ja: string;
};

interface ConfigBase {
  /** Fixed once published: process models keep their settings under this name. */
  name: string;
  label: Bilingual;
  required?: boolean;
}

export type ConfigDefinition = ConfigBase &
  (
    | { formType: 'TEXTFIELD' | 'TEXTAREA'; elEnabled?: boolean }
    | { formType: 'SELECT'; selectDataType: string; editable?: boolean }
    | { formType: 'SELECT_ITEM'; items: { value: string; label: Bilingual }[]; editable?: boolean }
    | { formType: 'TOGGLE' }
    | { formType: 'OAUTH2'; authType: 'TOKEN' | 'OAUTH2' | 'BASIC'; oauth2SettingName?: string }
  );

export interface AddonDefinition {
  /** The file name: addons/<name>.xml; also the step folder's name. */
  name: string;
  /** YYYY-MM-DD, set by hand when the add-on changes (the build never reads the clock). */
  lastModified: string;
  license: string;
  label: Bilingual;
  summary: Bilingual;
  // No help-page URL: the build derives it from package.json's homepage (src/build/help-page.ts).
  configs: ConfigDefinition[];
  /** The functions the engine calls: `main`, and `proceed` for a step that waits. */
  entryPoints: ('main' | 'proceed')[];
}
