// The parts of Frictionless Data's datapackage (datapackage-js) the tests use; the package ships no types.
declare module 'datapackage' {
  export interface Resource {
    name: string;
    tabular: boolean;
    descriptor: Record<string, unknown>;
    read(options?: { keyed?: boolean; cast?: boolean }): Promise<Record<string, unknown>[]>;
  }
  export class Package {
    static load(descriptor: string | object, options?: { basePath?: string; strict?: boolean }): Promise<Package>;
    valid: boolean;
    errors: Error[];
    profile: { name: string };
    resources: Resource[];
  }
}
