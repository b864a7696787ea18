export { ApiExceptionFilter, httpErrorBody } from './api-exception.filter.js';
export { createValidationPipe, fieldProblems, invalidRequest, VALIDATION_OPTIONS } from './validation.pipe.js';
export { jsonDepthExceeds, MAX_JSON_DEPTH, refuseDeepJson } from './json-depth.js';
