// The unit-name check: what may reach `systemctl --user … -- UNIT`.
import * as assert from 'node:assert/strict';
import { checkUnitName, DEFAULT_UNIT } from '../../../src/service/unit';

describe('service: unit names', () => {
  const accepted = ['docker.service', 'docker-rootless.service', 'my_docker.service', 'dockerd@1.service', 'foo\\x2dbar.service', 'a:b.service', ' docker.service '];
  for (const name of accepted) {
    it(`accepts ${JSON.stringify(name)}`, () => {
      const r = checkUnitName(name);
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.unit, name.trim());
    });
  }

  const refused: Array<[unknown, RegExp]> = [
    ['', /empty/],
    ['   ', /empty/],
    [undefined, /empty/],
    [42, /empty/],
    ['--help', /starts with "-"/],
    ['-docker.service', /starts with "-"/],
    ['docker', /not a service unit name/],
    ['docker.socket', /not a service unit name/],
    ['docker.service; rm -rf ~', /not a service unit name/],
    ['docker .service', /not a service unit name/],
    ['$(id).service', /not a service unit name/],
    ['../docker.service', /not a service unit name/],
    ['dockerd@.service', /template/],
    [`${'a'.repeat(300)}.service`, /longer than 255/],
  ];
  for (const [name, why] of refused) {
    it(`refuses ${JSON.stringify(name)?.slice(0, 40) ?? String(name)}`, () => {
      const r = checkUnitName(name);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.reason, why);
    });
  }

  it('the default is docker.service and passes', () => {
    assert.equal(DEFAULT_UNIT, 'docker.service');
    assert.ok(checkUnitName(DEFAULT_UNIT).ok);
  });

  it('a refused name is shown shortened and quoted in the reason', () => {
    const r = checkUnitName(`${'x'.repeat(200)} y.service`);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.ok(r.reason.length < 250, r.reason);
      assert.match(r.reason, /^"x+…"/);
    }
  });
});
