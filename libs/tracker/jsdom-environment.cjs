// Jest test environment for the tracker specs: the plain Node environment plus the `jsdom` package,
// loaded here by Node itself rather than by Jest's module registry. (jsdom ≥ 27 requires ESM-only
// dependencies from CommonJS, which Node ≥ 20.19 allows natively but Jest's CommonJS loader does not.)
// A spec opts in with the docblock `@jest-environment ./libs/tracker/jsdom-environment.cjs` and reads
// `globalThis.jsdom` to build a fresh window (own URL, own navigator) per test.
const { TestEnvironment } = require('jest-environment-node');
const jsdom = require('jsdom');

module.exports = class TrackerEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.jsdom = { JSDOM: jsdom.JSDOM, VirtualConsole: jsdom.VirtualConsole };
  }
};
