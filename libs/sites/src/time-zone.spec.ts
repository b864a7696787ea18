import { canonicalTimeZone } from './time-zone.js';

describe(canonicalTimeZone.name, () => {
  it('accepts IANA zones and returns their canonical spelling', () => {
    expect(canonicalTimeZone('Europe/Paris')).toBe('Europe/Paris');
    expect(canonicalTimeZone('america/new_york')).toBe('America/New_York');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
  });

  it.each(['Mars/Olympus_Mons', 'Europe/Pari', 'GMT+25', '', 'Europe/Paris; DROP TABLE sites'])('refuses %j', (zone) => {
    expect(canonicalTimeZone(zone)).toBeNull();
  });
});
