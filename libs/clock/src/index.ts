export { Clock, ClockModule, ManualClock } from './clock.js';
