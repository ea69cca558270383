import * as assert from 'node:assert/strict';
import { isMap, isSeq, type Node } from 'yaml';
import { parseCompose } from '../../../src/lint/parse/compose';
import { removeEntry, removeItem, removeOwnEntry } from '../../../src/lint/parse/edits';
import { applyEdits, parserText } from '../../../src/lint/text';

/** The first service of a compose text, parsed as the engine does, with helpers to find a key or a list item in it. */
function source(text: string) {
  const [doc] = parseCompose(parserText(text), {}).docs;
  const service = doc.services()[0].node;
  const src = { doc, text };
  const key = (path: string[]): Node => {
    let node: unknown = service;
    for (const k of path.slice(0, -1)) node = doc.get(node, k);
    return doc.entry(node, path[path.length - 1])!.keyNode;
  };
  const item = (path: string[], index: number): Node => doc.items(path.reduce<unknown>((n, k) => doc.get(n, k), service))[index];
  const apply = (r: { edit: { offset: number; length: number; text: string } } | undefined) => (r ? applyEdits(text, [r.edit]) : undefined);
  return { doc, src, service, key, item, apply };
}

const svc = (...lines: string[]) => ['services:', '  web:', '    image: nginx', ...lines.map((l) => `    ${l}`), ''].join('\n');

describe('parse/edits: removal fixes', () => {
  it('removes an entry on whole lines, with its trailing comment and nested value', () => {
    const t = source(svc('ulimits:', '  memlock:  # big', '    soft: -1', '    hard: -1 # x', '  nofile: 1024', 'init: true'));
    const r = removeEntry(t.src, t.key(['ulimits', 'memlock']), t.service);
    assert.equal(r?.entry, 'memlock');
    assert.equal(t.apply(r), svc('ulimits:', '  nofile: 1024', 'init: true'));
  });

  it('takes the holding entry instead of leaving a map empty, but never empties the service', () => {
    const t = source(svc('ulimits:', '  memlock: -1', 'init: true'));
    const r = removeEntry(t.src, t.key(['ulimits', 'memlock']), t.service);
    assert.equal(r?.entry, 'ulimits');
    assert.equal(t.apply(r), svc('init: true'));
    const alone = source('services:\n  web:\n    ulimits:\n      memlock: -1\n');
    assert.equal(removeEntry(alone.src, alone.key(['ulimits', 'memlock']), alone.service), undefined);
  });

  it('offers nothing in flow style, for an entry sharing its line, or for text holding an anchor', () => {
    const flow = source(svc('ulimits: {memlock: -1, nofile: 1}'));
    assert.equal(removeEntry(flow.src, flow.key(['ulimits', 'memlock']), flow.service), undefined);
    const anchored = source(svc('ulimits:', '  memlock: &m -1', '  nofile: 1'));
    assert.equal(removeEntry(anchored.src, anchored.key(['ulimits', 'memlock']), anchored.service), undefined);
    const sharing = source('services:\n  web: {image: nginx, init: true}\n');
    assert.equal(removeEntry(sharing.src, sharing.key(['init']), sharing.service), undefined);
  });

  it('keeps CRLF and lone-CR line ends', () => {
    for (const eol of ['\r\n', '\r']) {
      const text = svc('init: true', 'restart: always').replace(/\n/g, eol);
      const t = source(text);
      assert.equal(t.apply(removeEntry(t.src, t.key(['init']), t.service)), svc('restart: always').replace(/\n/g, eol));
    }
  });

  it('removes a list item, or the whole entry when every item goes', () => {
    const t = source(svc('cap_add:', '  - SYS_TIME   # clock', '  - NET_RAW'));
    assert.equal(t.apply(removeItem(t.src, t.item(['cap_add'], 0), t.service)), svc('cap_add:', '  - NET_RAW'));
    const all = removeItem(t.src, t.item(['cap_add'], 0), t.service, () => true);
    assert.equal(all?.entry, 'cap_add');
    assert.equal(t.apply(all), svc());
    const only = source(svc('cap_add:', '  - SYS_TIME'));
    assert.equal(only.apply(removeItem(only.src, only.item(['cap_add'], 0), only.service)), svc());
    const flow = source(svc('cap_add: [SYS_TIME, NET_RAW]'));
    assert.equal(removeItem(flow.src, flow.item(['cap_add'], 0), flow.service), undefined);
  });

  it('removeOwnEntry leaves entries merged in from an anchor alone', () => {
    const text = 'x-base: &base\n  init: true\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: nginx\n    domainname: x\n';
    const [doc] = parseCompose(text, {}).docs;
    const service = doc.services()[0].node;
    assert.ok(isMap(service) && !isSeq(service));
    assert.equal(removeOwnEntry({ doc, text }, service, doc.entry(service, 'init')!.keyNode), undefined);
    assert.ok(removeEntry({ doc, text }, doc.entry(service, 'init')!.keyNode, service), 'removeEntry edits the anchor');
    const own = removeOwnEntry({ doc, text }, service, doc.entry(service, 'domainname')!.keyNode);
    assert.equal(own && applyEdits(text, [own.edit]), text.replace('    domainname: x\n', ''));
  });

  it("offers nothing when another entry would take the removed one's place: a duplicate key, or one merged in", () => {
    const twice = source(svc('init: true', 'restart: always', 'init: true'));
    assert.equal(removeEntry(twice.src, twice.key(['init']), twice.service), undefined);
    const merged = 'x-base: &base\n  init: true\nx-more: &more\n  restart: always\nservices:\n  web:\n    <<: [*more, *base]\n    image: nginx\n    init: false\n    restart: "no"\n';
    const t = source(merged);
    assert.equal(removeEntry(t.src, t.key(['init']), t.service), undefined, 'init is merged from *base');
    assert.equal(removeEntry(t.src, t.key(['restart']), t.service), undefined, 'restart is merged from *more, the first source');
    const unrelated = source('x-base: &base\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: nginx\n    init: true\n');
    assert.equal(unrelated.apply(removeEntry(unrelated.src, unrelated.key(['init']), unrelated.service)), 'x-base: &base\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: nginx\n');
  });

  it('never moves a disable-next-line comment onto another line', () => {
    const trailing = source(svc('init: true # rootless-docker-disable-next-line', 'privileged: true'));
    assert.equal(removeEntry(trailing.src, trailing.key(['init']), trailing.service), undefined);
    const above = source(svc('# rootless-docker-disable-next-line host-network', 'init: true', 'privileged: true'));
    assert.equal(removeEntry(above.src, above.key(['init']), above.service), undefined);
    const item = source(svc('cap_add:', '  # rootless-docker-disable-next-line', '  - SYS_TIME', '  - NET_RAW'));
    assert.equal(removeItem(item.src, item.item(['cap_add'], 0), item.service), undefined);
    // A disable-line comment goes with its own line; a disable-next-line comment inside the span silences a line that goes too.
    const own = source(svc('init: true # rootless-docker-disable-line', 'ulimits:', '  memlock: # rootless-docker-disable-next-line', '    soft: 1', '    hard: 1', '  nofile: 1'));
    assert.equal(own.apply(removeEntry(own.src, own.key(['init']), own.service)), svc('ulimits:', '  memlock: # rootless-docker-disable-next-line', '    soft: 1', '    hard: 1', '  nofile: 1'));
    assert.equal(own.apply(removeEntry(own.src, own.key(['ulimits', 'memlock']), own.service)), svc('init: true # rootless-docker-disable-line', 'ulimits:', '  nofile: 1'));
  });
});
