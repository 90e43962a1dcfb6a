/** The transport's public face: what the node shell imports. */
export { createExportSource, resolveOrigin } from './source';
export type { ExportQuery, ExportSourceOptions } from './source';
export { isRetriableError } from './errors';
export type { ZendeskCredentialType } from './errors';
