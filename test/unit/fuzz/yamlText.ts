// A tiny YAML tree and its renderer, for generating compose files as text in many spellings: block and
// flow collections, plain/single/double-quoted scalars, anchors, aliases, tags, comments, 2- or 4-space
// indentation. The renderer writes valid YAML; invalid text comes from the mutations in mutate.ts.

export type Style = 'plain' | 'single' | 'double' | 'literal' | 'folded';

export type YNode =
  | { t: 'scalar'; value: string; style: Style; tag?: string; anchor?: string }
  | { t: 'alias'; name: string }
  | { t: 'seq'; items: YNode[]; flow: boolean; tag?: string; anchor?: string }
  | { t: 'map'; entries: YEntry[]; flow: boolean; tag?: string; anchor?: string };

export interface YEntry {
  key: string;
  value: YNode;
  /** A comment at the end of the entry's first line. */
  comment?: string;
  /** A comment on its own line before the entry. */
  above?: string;
}

/** Plain scalars that YAML reads back as the same string (or as the number/boolean the text spells). */
const PLAIN_BLOCK = /^(?:[A-Za-z0-9_./~$(=+^%]|-\d)[^#\n\r\t]*$/;
const UNSAFE_INSIDE = /: |\s#|:$|\s$|^\s/;
const FLOW_UNSAFE = /[,[\]{}]/;

function quote(value: string, style: Style, flow: boolean): string {
  if (style === 'plain' && value !== '' && PLAIN_BLOCK.test(value) && !UNSAFE_INSIDE.test(value) && !(flow && FLOW_UNSAFE.test(value))) return value;
  if (style === 'single' && !/[\n\r\t\\]/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  return JSON.stringify(value);
}

function props(node: { tag?: string; anchor?: string }): string {
  return [node.anchor ? `&${node.anchor}` : '', node.tag ?? ''].filter(Boolean).join(' ');
}

/** A node on one line: scalars, aliases and flow collections (block collections are written as flow here). */
function inline(node: YNode): string {
  switch (node.t) {
    case 'alias':
      return `*${node.name}`;
    case 'scalar': {
      const p = props(node);
      return (p ? p + ' ' : '') + quote(node.value, node.style, true);
    }
    case 'seq': {
      const p = props(node);
      return (p ? p + ' ' : '') + `[${node.items.map(inline).join(', ')}]`;
    }
    case 'map': {
      const p = props(node);
      return (p ? p + ' ' : '') + `{${node.entries.map((e) => `${e.key === '<<' ? e.key : quote(e.key, 'plain', true)}: ${inline(e.value)}`).join(', ')}}`;
    }
  }
}

function isBlock(node: YNode): node is Extract<YNode, { t: 'seq' | 'map' }> {
  return (node.t === 'seq' && !node.flow && node.items.length > 0) || (node.t === 'map' && !node.flow && node.entries.length > 0);
}

/** Lines of a block collection at `indent` spaces; `step` is the document's indentation unit. */
function block(node: YNode, indent: number, step: number): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  if (node.t === 'map') {
    for (const e of node.entries) {
      if (e.above !== undefined) out.push(`${pad}# ${e.above}`);
      const comment = e.comment !== undefined ? ` # ${e.comment}` : '';
      const key = e.key === '<<' ? e.key : quote(e.key, 'plain', false);
      const v = e.value;
      if (v.t === 'scalar' && (v.style === 'literal' || v.style === 'folded') && !/[\r\t]|^\s|\s$/.test(v.value)) {
        const p = props(v);
        out.push(`${pad}${key}:${p ? ' ' + p : ''} ${v.style === 'literal' ? '|' : '>'}${comment}`);
        for (const line of v.value.split('\n')) out.push(line ? `${pad}${' '.repeat(step)}${line}` : '');
      } else if (isBlock(e.value)) {
        const p = props(e.value);
        out.push(`${pad}${key}:${p ? ' ' + p : ''}${comment}`);
        out.push(...block(e.value, indent + step, step));
      } else {
        out.push(`${pad}${key}: ${inline(e.value)}${comment}`);
      }
    }
  } else if (node.t === 'seq') {
    for (const item of node.items) {
      if (isBlock(item) && !props(item)) {
        // "- key: value" with the rest of the map under it, or "- - x" for a nested list.
        const lines = block(item, indent + 2, step);
        lines[0] = `${pad}- ${lines[0].slice(indent + 2)}`;
        out.push(...lines);
      } else if (isBlock(item)) {
        out.push(`${pad}- ${props(item)}`);
        out.push(...block(item, indent + 2, step));
      } else {
        out.push(`${pad}- ${inline(item)}`);
      }
    }
  }
  return out;
}

/** The text of a document whose root is a map. */
export function renderYaml(root: Extract<YNode, { t: 'map' }>, step: number, header: string[] = []): string {
  return [...header, ...block({ ...root, flow: false }, 0, step)].join('\n') + '\n';
}
