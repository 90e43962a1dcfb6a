/** The transport's public face: what the node shell imports. */
export { createExportSource } from './source';
export { resolveOrigin } from './resolve-origin';
export type { ExportQuery, ExportSourceOptions } from './source';
export type { ExportName } from './exports';
export { isRetriableError } from './node-error';
export type { ZendeskCredentialType } from './classify';
