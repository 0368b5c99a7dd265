/** The part of eslint-scope's API the gate uses (the package ships no types). */
declare module 'eslint-scope' {
  /** An identifier node of the parsed program (acorn's, with its start offset). */
  interface Identifier {
    name: string;
    start: number;
  }
  interface Reference {
    identifier: Identifier;
  }
  interface Variable {
    name: string;
    /** Where it is declared: the first definition's name node. */
    defs: { name: Identifier }[];
  }
  interface Scope {
    variables: Variable[];
    through: Reference[];
  }
  interface ScopeManager {
    globalScope: Scope | null;
  }
  export function analyze(ast: object, options: { ecmaVersion: number; sourceType: 'script' | 'module' }): ScopeManager;
}
