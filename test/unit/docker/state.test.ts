// Connection errors → a status and one sentence naming the cause.
import * as assert from 'node:assert/strict';
import { findEndpoint } from '../../../src/docker/endpoint';
import { DaemonAnswerError, TimeoutError } from '../../../src/docker/info';
import { classifyError, EndpointError, HostKeyError, oneLine } from '../../../src/docker/state';

const unix = findEndpoint({ env: { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' } });
const tcp = findEndpoint({ env: { DOCKER_HOST: 'tcp://box:2376' } });
const err = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

describe('classifyError', () => {
  it('maps the socket error codes', () => {
    const cases: [unknown, string, RegExp][] = [
      [err('ENOENT'), 'no-socket', /No Docker daemon is running: \/run\/user\/1000\/docker\.sock does not exist/],
      [err('ECONNREFUSED'), 'refused', /stopped: .* exists but nothing listens/],
      [err('EACCES'), 'permission', /Permission denied on \/run\/user\/1000\/docker\.sock: a rootless daemon's socket/],
      [err('ECONNRESET'), 'timeout', /closed the connection/],
      [new TimeoutError(2000), 'timeout', /not responding: the daemon did not answer within 2000 ms/],
      [new DaemonAnswerError("the daemon's /info answer is not JSON"), 'bad-answer', /not a Docker daemon/],
      [Object.assign(new Error('(HTTP code 500) server error - boom'), { statusCode: 500 }), 'bad-answer', /HTTP 500/],
      [new HostKeyError('Refused ssh://x: key changed'), 'ssh-host-key', /key changed/],
      [new EndpointError('bad scheme'), 'bad-endpoint', /bad scheme/],
      [new Error('weird\nthing'), 'error', /Cannot talk to the daemon at .*: weird thing/],
    ];
    for (const [e, status, message] of cases) {
      const p = classifyError(e, { endpoint: unix });
      assert.equal(p.status, status, String(e));
      assert.match(p.message, message);
    }
  });

  it('names the owner on permission denied', () => {
    assert.match(classifyError(err('EACCES'), { endpoint: unix, socketOwner: 'user rdtest (uid 1001)' }).message, /\(it belongs to user rdtest \(uid 1001\)\)/);
  });

  it('remote endpoints: refused, unresolvable, TLS and ssh login failures', () => {
    assert.match(classifyError(err('ECONNREFUSED'), { endpoint: tcp }).message, /Nothing listens at tcp:\/\/box:2376/);
    assert.equal(classifyError(err('ENOTFOUND'), { endpoint: tcp }).status, 'bad-endpoint');
    assert.match(classifyError(err('DEPTH_ZERO_SELF_SIGNED_CERT'), { endpoint: tcp }).message, /TLS connection .* DOCKER_CERT_PATH/);
    assert.equal(classifyError(Object.assign(new Error('All configured authentication methods failed'), { level: 'client-authentication' }), { endpoint: tcp }).status, 'permission');
  });

  it('oneLine flattens control characters and caps length', () => {
    assert.equal(oneLine('a\n\tb\u001b[31mc'), 'a b [31mc');
    assert.equal(oneLine('x'.repeat(500), 10), `${'x'.repeat(9)}…`);
  });
});
