// A small XML reader: enough for the JUnit reports pytest writes (elements,
// attributes, text, entities, CDATA), with no runtime dependency.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, entities decoded (text of children not included). */
  text: string;
}

const namedEntities: Record<string, string> = {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref) => {
    if (ref.startsWith("#x"))
      return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith("#"))
      return String.fromCodePoint(parseInt(ref.slice(1)));
    return namedEntities[ref] ?? whole;
  });
}

function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const m of source.matchAll(
    /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g,
  )) {
    attributes[m[1]!] = decodeEntities(m[2] ?? m[3] ?? "");
  }
  return attributes;
}

export class XmlError extends Error {}

/** Parses a document and returns its root element. */
export function parseXml(source: string): XmlElement {
  const root: XmlElement = {
    name: "#document",
    attributes: {},
    children: [],
    text: "",
  };
  const stack: XmlElement[] = [root];
  const top = () => stack[stack.length - 1]!;
  let i = 0;
  while (i < source.length) {
    const lt = source.indexOf("<", i);
    if (lt === -1) {
      top().text += decodeEntities(source.slice(i));
      break;
    }
    if (lt > i) top().text += decodeEntities(source.slice(i, lt));
    if (source.startsWith("<!--", lt)) {
      i = closeOf(source, "-->", lt) + 3;
    } else if (source.startsWith("<![CDATA[", lt)) {
      const end = closeOf(source, "]]>", lt);
      top().text += source.slice(lt + 9, end);
      i = end + 3;
    } else if (source.startsWith("<?", lt) || source.startsWith("<!", lt)) {
      i = closeOf(source, ">", lt) + 1;
    } else if (source.startsWith("</", lt)) {
      const end = closeOf(source, ">", lt);
      const name = source.slice(lt + 2, end).trim();
      if (stack.length === 1 || top().name !== name)
        throw new XmlError(`unexpected </${name}> at offset ${lt}`);
      stack.pop();
      i = end + 1;
    } else {
      const end = closeOf(source, ">", lt);
      const selfClosing = source[end - 1] === "/";
      const body = source.slice(lt + 1, selfClosing ? end - 1 : end);
      const name = body.match(/^[^\s/>]+/)?.[0];
      if (!name) throw new XmlError(`malformed tag at offset ${lt}`);
      const element: XmlElement = {
        name,
        attributes: parseAttributes(body.slice(name.length)),
        children: [],
        text: "",
      };
      top().children.push(element);
      if (!selfClosing) stack.push(element);
      i = end + 1;
    }
  }
  if (stack.length !== 1) throw new XmlError(`<${top().name}> is not closed`);
  const [element, ...rest] = root.children;
  if (!element || rest.length) throw new XmlError("expected one root element");
  return element;
}

function closeOf(source: string, token: string, from: number): number {
  const at = source.indexOf(token, from);
  if (at === -1) throw new XmlError(`unterminated markup at offset ${from}`);
  return at;
}

/** Every element below `element` (depth first) with the given name. */
export function descendants(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [
    ...(child.name === name ? [child] : []),
    ...descendants(child, name),
  ]);
}
