export { ApiExceptionFilter, httpErrorBody } from './api-exception.filter.js';
export { createValidationPipe, fieldProblems, invalidFields, invalidRequest, prototypeKeyProblems, VALIDATION_OPTIONS } from './validation.pipe.js';
export { compileValidityCheck } from './validity-check.js';
export { guardJsonBody, jsonBodyProblem, jsonBodyRefusal, MAX_JSON_DEPTH, type JsonBodyProblem } from './json-body-guard.js';
