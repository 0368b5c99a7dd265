/** The part of eslint-scope's API the gate uses (the package ships no types). */
declare module 'eslint-scope' {
  interface Reference {
    identifier: { name: string };
  }
  interface Variable {
    name: string;
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
