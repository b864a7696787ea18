import { exportFileName } from './export-file-name.js';

describe('exportFileName', () => {
  const march10Berlin = { from: Date.parse('2026-03-09T23:00:00Z'), to: Date.parse('2026-03-10T23:00:00Z') };

  it('names site, dataset and the first and last day in the site’s zone (the end is exclusive)', () => {
    expect(exportFileName('example.com', 'events', march10Berlin, 'Europe/Berlin', 'csv')).toBe('example.com-events-2026-03-10-2026-03-10.csv');
    expect(exportFileName('example.com', 'visits', march10Berlin, 'UTC', 'ndjson')).toBe('example.com-visits-2026-03-09-2026-03-10.ndjson');
  });

  it('keeps only letters, digits, dots, dashes and underscores: prop:plan becomes prop-plan', () => {
    expect(exportFileName('example.com', 'prop:plan', march10Berlin, 'Europe/Berlin', 'csv')).toBe('example.com-prop-plan-2026-03-10-2026-03-10.csv');
    expect(exportFileName('example.com', 'prop:"a b"/..\\x', march10Berlin, 'Europe/Berlin', 'csv')).toBe('example.com-prop-a-b-..-x-2026-03-10-2026-03-10.csv');
    expect(exportFileName('bücher.example', 'utm_source', march10Berlin, 'Europe/Berlin', 'csv')).toBe('b-cher.example-utm_source-2026-03-10-2026-03-10.csv');
  });

  it('has a day for an instant range shorter than a day', () => {
    const halfHour = { from: Date.parse('2026-03-10T12:00:00Z'), to: Date.parse('2026-03-10T12:30:00Z') };
    expect(exportFileName('example.com', 'events', halfHour, 'America/New_York', 'csv')).toBe('example.com-events-2026-03-10-2026-03-10.csv');
  });
});
