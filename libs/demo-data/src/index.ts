export { TrafficGenerator, type TrafficBatch, type TrafficOptions } from './traffic-generator.js';
export { writeTraffic, type WriteProgress, type WriteTrafficOptions } from './write-traffic.js';
