// Argument arrays: `--` before the unit, fixed options, nothing a unit name could turn into an option.
import * as assert from 'node:assert/strict';
import { enableLingerCommand, journalArgs, lingerArgs, shellQuote, showManagerArgs, showUnitArgs, STATUS_PROPERTIES, unitActionArgs } from '../../../src/service/args';

describe('service: argument arrays', () => {
  it('unit actions: --user --no-ask-password ACTION -- UNIT', () => {
    for (const action of ['start', 'stop', 'restart', 'enable', 'disable', 'reset-failed'] as const) {
      assert.deepEqual(unitActionArgs(action, 'docker.service'), ['--user', '--no-ask-password', action, '--', 'docker.service']);
    }
  });

  it('the unit is always the last argument, right after --', () => {
    const args = unitActionArgs('start', '--help');
    assert.equal(args.indexOf('--'), args.length - 2);
    assert.equal(args[args.length - 1], '--help');
  });

  it('status: show with the listed properties, then -- UNIT', () => {
    const args = showUnitArgs('docker.service');
    assert.deepEqual(args.slice(0, 3), ['--user', '--no-ask-password', 'show']);
    assert.equal(args[3], `--property=${STATUS_PROPERTIES.join(',')}`);
    assert.deepEqual(args.slice(4), ['--', 'docker.service']);
    for (const p of ['LoadState', 'ActiveState', 'SubState', 'UnitFileState', 'Result', 'NRestarts']) assert.ok(STATUS_PROPERTIES.includes(p as never), p);
  });

  it('the user manager: show with no unit', () => {
    assert.deepEqual(showManagerArgs(), ['--user', '--no-ask-password', 'show', '--property=Version,SystemState']);
  });

  it('journal: JSON, no pager, the unit inside its own option, follow on request', () => {
    assert.deepEqual(journalArgs({ unit: 'docker.service', lines: 20 }), ['--user', '--no-pager', '--output=json', '--lines=20', '--unit=docker.service']);
    assert.deepEqual(journalArgs({ unit: 'docker.service', lines: 0, follow: true }).slice(-2), ['--unit=docker.service', '--follow']);
  });

  it('journal: the line count is a bounded integer', () => {
    assert.ok(journalArgs({ unit: 'u.service', lines: -5 }).includes('--lines=0'));
    assert.ok(journalArgs({ unit: 'u.service', lines: 2.7 }).includes('--lines=2'));
    assert.ok(journalArgs({ unit: 'u.service', lines: 1e9 }).includes('--lines=100000'));
  });

  it('linger: show-user --property=Linger --value -- USER', () => {
    assert.deepEqual(lingerArgs('alice'), ['--no-ask-password', 'show-user', '--property=Linger', '--value', '--', 'alice']);
    assert.deepEqual(lingerArgs('-x').slice(-2), ['--', '-x']);
  });

  it('shellQuote leaves plain words and quotes the rest', () => {
    assert.equal(shellQuote('alice'), 'alice');
    assert.equal(shellQuote('alice.smith@corp'), 'alice.smith@corp');
    assert.equal(shellQuote('a b'), "'a b'");
    assert.equal(shellQuote("o'neil"), "'o'\\''neil'");
    assert.equal(shellQuote('$(reboot)'), "'$(reboot)'");
  });

  it('the linger command needs sudo and names the user, quoted', () => {
    assert.equal(enableLingerCommand('alice'), 'sudo loginctl enable-linger alice');
    assert.equal(enableLingerCommand('a;b'), "sudo loginctl enable-linger 'a;b'");
  });
});
