// A non-recursive scan of YAML nesting depth, run before the parser. The yaml package can abort
// the whole Node process on deeply nested input (see README, "Hostile input"), so deep files are
// refused here instead of being parsed.

const BLOCK_SCALAR = /(?:^|[\s:-])[|>][0-9+-]*\s*(?:#.*)?$/;

/** The deepest nesting of block indentation, `- ` sequence markers and flow brackets in the text. */
export function yamlDepth(text: string, stopAt = Infinity): number {
  let max = 0;
  let flow = 0;
  let quote: '' | '"' | "'" = '';
  const indents: number[] = [];
  let blockScalarParent = -1; // indent of the key that opened a block scalar, or -1
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, text.charCodeAt(lineEnd - 1) === 13 && lineEnd > lineStart ? lineEnd - 1 : lineEnd);
    lineStart = lineEnd + 1;

    let i = 0;
    while (i < line.length && line[i] === ' ') i++;
    const blank = i === line.length || line[i] === '#';
    if (blockScalarParent >= 0) {
      if (blank || i > blockScalarParent) continue;
      blockScalarParent = -1;
    }
    if (!quote && flow === 0) {
      if (blank) continue;
      while (indents.length && indents[indents.length - 1] >= i) indents.pop();
      indents.push(i);
      let dashes = 0;
      let j = i;
      while ((line[j] === '-' || line[j] === '?') && (line[j + 1] === ' ' || j + 1 === line.length)) {
        dashes++;
        j += 2;
        while (line[j] === ' ') j++;
      }
      max = Math.max(max, indents.length + dashes);
      // The pattern runs only on lines that can open a block scalar: most have no `|` or `>`.
      if ((line.includes('|') || line.includes('>')) && BLOCK_SCALAR.test(line)) {
        blockScalarParent = i;
        continue;
      }
    }
    for (let k = i; k < line.length; k++) {
      const c = line[k];
      if (quote) {
        if (c === quote) {
          if (quote === "'" && line[k + 1] === "'") k++;
          else quote = '';
        } else if (c === '\\' && quote === '"') k++;
        continue;
      }
      if (c === '#' && (k === 0 || line[k - 1] === ' ' || line[k - 1] === '\t')) break;
      if (c === '"' || c === "'") {
        const prev = line.slice(0, k).trimEnd().slice(-1);
        if (prev === '' || '[{,:-?'.includes(prev)) quote = c;
      } else if (c === '[' || c === '{') {
        flow++;
        max = Math.max(max, indents.length + flow);
      } else if ((c === ']' || c === '}') && flow > 0) {
        flow--;
      }
    }
    if (max > stopAt) return max;
  }
  return max;
}
