export { ExportModule } from './export.module.js';
export { ExportService, type PreparedExport } from './export.service.js';
export { neutraliseFormula } from './export-formats.js';
