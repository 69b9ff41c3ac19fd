import { countTests } from '../scripts/federationAudit/tap';

/** The audit script counts each suite's tests from node's TAP output (scripts/federationAudit/). */
describe('federation audit: counting a suite from its TAP output', () => {
  const tap = [
    'TAP version 13',
    '# Subtest: keys-mashup',
    '    # Subtest: keys-mashup_0',
    '    not ok 1 - keys-mashup_0',
    '      ---',
    '      error: "Test failed for query"',
    '      ...',
    '    # Subtest: keys-mashup_1',
    '    ok 2 - keys-mashup_1',
    '    1..2',
    'not ok 1 - keys-mashup',
    '# Subtest: keys-mashup-other_0',
    'ok 2 - keys-mashup-other_0',
  ].join('\n');

  it('counts passed and failed tests by name, not the suite line nor another suite with a longer name', () => {
    expect(countTests('keys-mashup', tap)).toEqual({ passed: ['keys-mashup_1'], failed: ['keys-mashup_0'] });
  });
});
