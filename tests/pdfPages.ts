/**
 * Reads what the tests need from a tagged PDF that Chromium wrote (page.pdf with
 * tagged: true): each page's size, and the document's content in reading order with
 * the page it is on and the structure it belongs to (H1, H2, P, Table, Caption...).
 *
 * Why the structure tree: Chromium tags every piece of content it paints with the
 * element it comes from (a marked-content id per page, listed under the element's
 * structure node, /K and /Pg), and walks the tree in the DOM's order. So "the last
 * thing on page 3 is a heading" is read from the PDF itself, as printed, without
 * decoding fonts or guessing from text positions what is a heading, and without
 * re-laying out the HTML (the print engine's page breaks are only in the PDF).
 *
 * Content that shows no text (a section's box, a table's rules, a page's background)
 * is told apart by the page's content stream: the marked content with a text operator.
 *
 * A small reader of PDF objects, enough for Chromium's (Skia's) output: a classic
 * cross-reference table, objects not in object streams, Flate-compressed streams.
 */
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

type PdfValue = number | boolean | null | string | PdfName | PdfRef | PdfValue[] | PdfDict;
interface PdfName {
  name: string;
}
interface PdfRef {
  ref: number;
}
type PdfDict = { [key: string]: PdfValue };

const isRef = (v: PdfValue | undefined): v is PdfRef => typeof v === 'object' && v !== null && 'ref' in v;
const isName = (v: PdfValue | undefined): v is PdfName => typeof v === 'object' && v !== null && 'name' in v;
const isDict = (v: PdfValue | undefined): v is PdfDict =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !isRef(v) && !isName(v);

/** Parses one PDF value at `at` of the text (latin1), returning it and where it ends. */
function parseValue(text: string, at: number): [PdfValue, number] {
  let i = at;
  const skip = () => {
    while (i < text.length) {
      if (/\s/.test(text[i]!)) i++;
      else if (text[i] === '%') while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
      else break;
    }
  };
  skip();
  const c = text[i]!;
  if (text.startsWith('<<', i)) {
    i += 2;
    const dict: PdfDict = {};
    for (;;) {
      skip();
      if (text.startsWith('>>', i)) return [dict, i + 2];
      const [key, afterKey] = parseValue(text, i);
      const [value, afterValue] = parseValue(text, afterKey);
      dict[(key as PdfName).name] = value;
      i = afterValue;
    }
  }
  if (c === '[') {
    i++;
    const list: PdfValue[] = [];
    for (;;) {
      skip();
      if (text[i] === ']') return [list, i + 1];
      const [value, after] = parseValue(text, i);
      list.push(value);
      i = after;
    }
  }
  if (c === '/') {
    const m = /^\/([^\s/<>[\]()%]*)/.exec(text.slice(i, i + 200))!;
    return [{ name: m[1]! }, i + m[0].length];
  }
  if (c === '(') {
    let depth = 0;
    let j = i;
    for (; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === '(') depth++;
      else if (text[j] === ')' && --depth === 0) break;
    }
    return [text.slice(i + 1, j), j + 1];
  }
  if (c === '<') {
    const end = text.indexOf('>', i);
    return [text.slice(i + 1, end), end + 1];
  }
  const ref = /^(\d+)\s+(\d+)\s+R\b/.exec(text.slice(i, i + 40));
  if (ref) return [{ ref: Number(ref[1]) }, i + ref[0].length];
  const word = /^[^\s/<>[\]()%]+/.exec(text.slice(i, i + 40))![0];
  const value = word === 'true' ? true : word === 'false' ? false : word === 'null' ? null : Number(word);
  return [value, i + word.length];
}

interface PdfContent {
  /** 0-based page index. */
  page: number;
  /** The structure types from the document down to the content (e.g. Document, NonStruct, H2). */
  path: string[];
  /** Whether it shows text (else it is a box, a rule, a background). */
  text: boolean;
}

export interface PdfPages {
  /** Each page's size in points (MediaBox width and height). */
  sizes: { width: number; height: number }[];
  /** Every marked piece of content, in reading order (the structure tree's order). */
  content: PdfContent[];
}

export function readPdfPages(file: string): PdfPages {
  const text = readFileSync(file).toString('latin1');
  const start = Number(/startxref\s+(\d+)/.exec(text.slice(-100))![1]);
  if (!text.startsWith('xref', start)) throw new Error(`${file}: expected a classic cross-reference table`);
  // xref: sections "first count", then 20-byte entries "offset generation n|f"
  const offsets = new Map<number, number>();
  const lines = text.slice(start, text.indexOf('trailer', start)).split(/\r?\n/).slice(1);
  let number = 0;
  for (const line of lines) {
    const section = /^(\d+) (\d+)\s*$/.exec(line);
    if (section) {
      number = Number(section[1]);
      continue;
    }
    const entry = /^(\d{10}) (\d{5}) ([nf])/.exec(line);
    if (entry) {
      if (entry[3] === 'n') offsets.set(number, Number(entry[1]));
      number++;
    }
  }
  const [trailer] = parseValue(text, text.indexOf('trailer', start) + 'trailer'.length) as [PdfDict, number];
  const cache = new Map<number, PdfValue>();
  const object = (ref: PdfRef): PdfValue => {
    if (!cache.has(ref.ref)) {
      const at = offsets.get(ref.ref);
      if (at === undefined) throw new Error(`${file}: no object ${ref.ref}`);
      const head = /^\d+\s+\d+\s+obj/.exec(text.slice(at, at + 40))!;
      cache.set(ref.ref, parseValue(text, at + head[0].length)[0]);
    }
    return cache.get(ref.ref)!;
  };
  const resolve = (v: PdfValue | undefined): PdfValue | undefined => (isRef(v) ? object(v) : v);
  /** A stream object's bytes, inflated (Skia writes Flate-compressed streams). */
  const streamOf = (ref: PdfRef): string => {
    const at = offsets.get(ref.ref)!;
    const head = /^\d+\s+\d+\s+obj/.exec(text.slice(at, at + 40))!;
    const [dict, end] = parseValue(text, at + head[0].length) as [PdfDict, number];
    const start = /^\s*stream\r?\n/.exec(text.slice(end, end + 20))!;
    const bytes = Buffer.from(
      text.slice(end + start[0].length, end + start[0].length + Number(resolve(dict.Length))),
      'latin1',
    );
    const filter = resolve(dict.Filter);
    return (isName(filter) && filter.name === 'FlateDecode' ? inflateSync(bytes) : bytes).toString('latin1');
  };
  /**
   * The marked-content ids of a page whose content shows text (Tj or TJ between the
   * BDC that opens the id and its EMC): the rest are boxes, rules and backgrounds.
   */
  const textIds = (page: number): Set<number> => {
    const dict = object({ ref: pages[page]! }) as PdfDict;
    const contents = Array.isArray(dict.Contents) ? dict.Contents : [dict.Contents];
    const ids = new Set<number>();
    for (const c of contents as PdfRef[]) {
      // strings first out of the way: their bytes are glyphs, not operators
      const ops = streamOf(c)
        .replace(/\((?:\\.|[^\\()])*\)/g, '()')
        .replace(/<(?!<)[0-9A-Fa-f\s]*>/g, '<>');
      const open: (number | null)[] = [];
      let pending: number | null = null;
      for (const m of ops.matchAll(/\/MCID\s+(\d+)|\b(BDC|BMC|EMC|Tj|TJ)\b/g)) {
        if (m[1] !== undefined) pending = Number(m[1]);
        else if (m[2] === 'BDC' || m[2] === 'BMC') {
          open.push(m[2] === 'BDC' ? pending : null);
          pending = null;
        } else if (m[2] === 'EMC') open.pop();
        else {
          const id = open.findLast((x) => x !== null);
          if (id !== undefined && id !== null) ids.add(id);
        }
      }
    }
    return ids;
  };
  const texts = new Map<number, Set<number>>();
  const showsText = (page: number, mcid: number) => {
    if (page < 0) return false;
    if (!texts.has(page)) texts.set(page, textIds(page));
    return texts.get(page)!.has(mcid);
  };

  const catalog = resolve(trailer.Root) as PdfDict;
  const pages: number[] = [];
  const sizes: PdfPages['sizes'] = [];
  const walkPages = (node: PdfRef) => {
    const dict = object(node) as PdfDict;
    if ((dict.Type as PdfName).name === 'Pages') for (const kid of dict.Kids as PdfRef[]) walkPages(kid);
    else {
      pages.push(node.ref);
      const [x0, y0, x1, y1] = resolve(dict.MediaBox) as number[];
      sizes.push({ width: x1! - x0!, height: y1! - y0! });
    }
  };
  walkPages(catalog.Pages as PdfRef);
  const pageIndex = (ref: PdfValue | undefined) => (isRef(ref) ? pages.indexOf(ref.ref) : -1);

  const content: PdfContent[] = [];
  const root = resolve(catalog.StructTreeRoot) as PdfDict | undefined;
  if (!root) throw new Error(`${file}: not a tagged PDF (no StructTreeRoot)`);
  // K: a marked-content id (on the element's page), a marked-content reference
  // (its own page), an object reference (a link annotation: no content), an element,
  // or an array of these
  const walk = (k: PdfValue | undefined, path: string[], page: number) => {
    const kid = resolve(k);
    if (typeof kid === 'number') content.push({ page, path, text: showsText(page, kid) });
    else if (Array.isArray(kid)) for (const item of kid) walk(item, path, page);
    else if (isDict(kid)) {
      const type = isName(kid.Type) ? kid.Type.name : undefined;
      if (type === 'MCR') {
        const on = pageIndex(kid.Pg);
        content.push({ page: on, path, text: showsText(on, kid.MCID as number) });
      } else if (type === 'OBJR') return;
      else if (isName(kid.S)) walk(kid.K, [...path, kid.S.name], kid.Pg !== undefined ? pageIndex(kid.Pg) : page);
    }
  };
  walk(root.K, [], -1);
  return { sizes, content };
}

/** Structure types that introduce what follows them: a heading, a table's caption. */
const HEADINGS = new Set(['H', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'Caption']);

/**
 * The pages whose last text, in reading order, is a heading or a caption: a title
 * left alone at the foot of a page, what it introduces on the next one. Each with the
 * page (1-based) and the structure path of that text, for the message.
 */
export function headingsLastOnPage(pdf: PdfPages): { page: number; path: string[] }[] {
  const last = new Map<number, PdfContent>();
  for (const c of pdf.content) if (c.text) last.set(c.page, c);
  return [...last.values()]
    .filter((c) => c.path.some((t) => HEADINGS.has(t)))
    .map((c) => ({ page: c.page + 1, path: c.path }));
}

/**
 * Whether a page is A4 (210 × 297 mm, 595.3 × 841.9 points): Chromium sizes pages in
 * its own units and rounds, so within 1.5 points (half a millimetre).
 */
export const isA4 = (size: { width: number; height: number }): boolean =>
  Math.abs(size.width - (210 / 25.4) * 72) < 1.5 && Math.abs(size.height - (297 / 25.4) * 72) < 1.5;
