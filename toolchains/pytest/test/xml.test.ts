// The small XML reader the JUnit report goes through.
import { describe, expect, test } from "vitest";
import { parseXml, XmlError } from "../src/xml.ts";

describe("xml", () => {
  test("entities, CDATA, comments and the declaration", () => {
    const root = parseXml(
      '<?xml version="1.0"?><!-- c --><a x="1 &lt; 2 &amp;&#10;3" y=\'&quot;\'><b>t&#x41;<![CDATA[<raw>]]></b><c/></a>',
    );
    expect(root.name).toBe("a");
    expect(root.attributes).toEqual({ x: "1 < 2 &\n3", y: '"' });
    expect(root.children.map((c) => [c.name, c.text])).toEqual([
      ["b", "tA<raw>"],
      ["c", ""],
    ]);
  });

  test("malformed documents raise XmlError", () => {
    for (const bad of ["<a><b></a>", "<a>", "<a></a><b/>", "<a x='1'"])
      expect(() => parseXml(bad)).toThrow(XmlError);
  });
});
