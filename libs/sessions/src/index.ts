export { SessionsModule } from './sessions.module.js';
export { SessionTracker, type BatchAssignment, type PlacedEvent, type SessionsOptions } from './session-tracker.service.js';
export { VisitorHasher, utcDay, visitorHash } from './visitor-hasher.service.js';
export { applyEvent, type CollectedEvent, type Dimensions, type VisitState } from './visit.js';
