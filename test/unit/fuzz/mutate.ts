// Mutations of generated text: byte flips (decoded as the CLI decodes files, so invalid UTF-8 becomes
// U+FFFD), truncation, insertion of YAML/Dockerfile metacharacters and odd unicode, line edits,
// CRLF/CR line ends and a byte order mark.
import fc from 'fast-check';

export type Mutation =
  | { op: 'byteflip'; at: number; mask: number }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'dupLine' | 'dropLine' | 'swapLines' | 'indentLine' | 'dedentLine' | 'tabLine'; at: number }
  | { op: 'crlf' | 'cr' | 'bom' };

const YAML_META = [
  ': ', ':', '- ', '-', '[', ']', '{', '}', ',', '&a ', '*a', '*base', '!', '!reset ', '!!str ', '!!binary ', '|', '|-\n', '>', "'", '"', '#', ' #', '%YAML 1.1\n',
  '@', '`', '\t', '\n', '\r', '\r\n', '\\', '\\"', '$', '${', '}', '$$', '<<: ', '<<: *base\n', '? ', '---\n', '...\n', '~', '\n  ', '\n    - ', 'null',
  ': &x [*x]', ' *', '&', '\u0085', '\u2028',
];
const DOCKER_META = [
  '\\\n', '`\n', ' \\', '\\', '`', '<<EOF\n', '<<-EOT\n', 'EOF\n', '\nEOF', '["', '"]', '[', ']', '--network=host ', '--mount=type=cache,target=/x ', '--security=insecure ',
  '$', '${', '${UID', '#', '# escape=`\n', '# escape=\\\n', '# syntax=x\n', '\t', "'", '"', '&&', ';', '|', '||', 'sh -c "', 'ping ', '\nRUN ping -c1 x\n', '\nUSER 100000\n',
  '\nFROM ', 'ONBUILD ', '\r', '=', ' -u ', '\n\\\n', ':', '\nHEALTHCHECK CMD ping x\n', '$(', ')', '(', '{', '}',
];
const UNICODE = ['é', '中', '😀', '\u200b', '\u202e', '\ufeff', '\ufffd', '\ud800', '\udc00', '\u2028', '\u0085', '\u00a0', '\u3000', '\u0301', '\u0000', '\u001b', '\uffff'];

export function mutation(kind: 'compose' | 'dockerfile'): fc.Arbitrary<Mutation> {
  const at = fc.nat(1_000_000);
  const meta = kind === 'compose' ? YAML_META : DOCKER_META;
  const inserted = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...meta) },
    { weight: 2, arbitrary: fc.constantFrom(...UNICODE) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 6 }) },
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ op: fc.constant('byteflip' as const), at, mask: fc.integer({ min: 1, max: 255 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at }) },
    { weight: 6, arbitrary: fc.record({ op: fc.constant('insert' as const), at, text: inserted }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 12 }) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constantFrom('dupLine' as const, 'dropLine' as const, 'swapLines' as const, 'indentLine' as const, 'dedentLine' as const, 'tabLine' as const), at }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('crlf' as const, 'cr' as const, 'bom' as const) }) },
  );
}

export function mutations(kind: 'compose' | 'dockerfile'): fc.Arbitrary<Mutation[]> {
  return fc.array(mutation(kind), { minLength: 1, maxLength: 4 });
}

export function applyMutations(text: string, list: readonly Mutation[]): string {
  return list.reduce(applyMutation, text);
}

function applyMutation(text: string, m: Mutation): string {
  const pos = (n: number) => (text.length ? n % (text.length + 1) : 0);
  switch (m.op) {
    case 'byteflip': {
      const bytes = Buffer.from(text, 'utf8');
      if (!bytes.length) return text;
      bytes[m.at % bytes.length] ^= m.mask;
      return bytes.toString('utf8');
    }
    case 'truncate':
      return text.slice(0, pos(m.at));
    case 'insert': {
      const i = pos(m.at);
      return text.slice(0, i) + m.text + text.slice(i);
    }
    case 'delete': {
      const i = pos(m.at);
      return text.slice(0, i) + text.slice(i + m.length);
    }
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'cr':
      return text.replace(/\r?\n/g, '\r');
    case 'bom':
      return '\ufeff' + text;
    default: {
      const lines = text.split('\n');
      const i = m.at % lines.length;
      switch (m.op) {
        case 'dupLine':
          lines.splice(i, 0, lines[i]);
          break;
        case 'dropLine':
          lines.splice(i, 1);
          break;
        case 'swapLines':
          if (i + 1 < lines.length) [lines[i], lines[i + 1]] = [lines[i + 1], lines[i]];
          break;
        case 'indentLine':
          lines[i] = '  ' + lines[i];
          break;
        case 'dedentLine':
          lines[i] = lines[i].replace(/^ {1,2}/, '');
          break;
        case 'tabLine':
          lines[i] = lines[i].replace(/^ +/, '\t');
          break;
      }
      return lines.join('\n');
    }
  }
}
