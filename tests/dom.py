#!/usr/bin/env python3
"""What a person sees in a wiki page's rendered DOM, as lines of text.

The browser test (tests/t/t0870-browser.sh) saves the DOM that headless
Chromium built (--dump-dom) and asks this script about it; the test
itself compares the answers.  Python's html.parser only tokenizes, so a
small tree is built here (void elements and unclosed <p>, <li>, <tr>,
<td> handled the way the wiki's HTML needs; Chromium's serialization is
well formed, so nothing more is needed).

  dom.py skin FILE          the body's skin-* classes, one a line
  dom.py table FILE ID      the first table after the heading ID (the
                            mw-headline id) and before the next heading:
                            one line per row, "th" or "td" then each
                            cell's text, tab-separated
  dom.py redlinks FILE [ID] the text of each red link (a.new) in that
                            table, or without ID in the page's content
  dom.py items FILE         each list item of the page's content: the id
                            of its anchor <span> (or "-"), a tab, its text
  dom.py text FILE          the text of the page's content
Text is as shown: runs of white space made one space, trimmed.
"""

import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input",
        "link", "meta", "source", "track", "wbr"}
# Not shown: their text is no text of the page.
HIDDEN = {"script", "style", "noscript", "template"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []   # Node or str

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def walk(self):
        """This node and every element under it, in document order."""
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.walk()

    def text(self):
        parts = []
        self._text(parts)
        return " ".join("".join(parts).split())

    def _text(self, parts):
        if self.tag in HIDDEN:
            return
        for c in self.children:
            if isinstance(c, Node):
                c._text(parts)
            else:
                parts.append(c)


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        # Close up to the matching open element; a stray end tag is
        # ignored, as a browser would.
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def load(path):
    b = TreeBuilder()
    with open(path, encoding="utf-8") as f:
        b.feed(f.read())
    b.close()
    return b.root


def content(root):
    """The page's content: what the wikitext rendered to."""
    for n in root.walk():
        if "mw-parser-output" in n.classes():
            return n
    sys.exit("dom.py: no .mw-parser-output in the page")


def is_heading(n):
    return n.tag in ("h1", "h2", "h3", "h4", "h5", "h6")


def section_table(root, hid):
    """The first table between heading HID and the next heading."""
    inside = False
    for n in content(root).walk():
        if is_heading(n):
            if inside:
                break
            inside = any(m.attrs.get("id") == hid for m in n.walk())
        elif inside and n.tag == "table":
            return n
    sys.exit("dom.py: no table under the heading '%s'" % hid)


def rows(table):
    """The table's own rows (not those of a table nested in a cell)."""
    out = []

    def visit(n):
        for c in n.children:
            if isinstance(c, Node):
                if c.tag == "tr":
                    out.append(c)
                elif c.tag != "table":
                    visit(c)
    visit(table)
    return out


def cmd_skin(root):
    for n in root.walk():
        if n.tag == "body":
            for c in n.classes():
                if c.startswith("skin-"):
                    print(c)


def cmd_table(root, hid):
    for tr in rows(section_table(root, hid)):
        cells = [c for c in tr.children
                 if isinstance(c, Node) and c.tag in ("th", "td")]
        kind = "th" if all(c.tag == "th" for c in cells) else "td"
        print("\t".join([kind] + [c.text() for c in cells]))


def cmd_redlinks(root, hid=None):
    top = section_table(root, hid) if hid is not None else content(root)
    for n in top.walk():
        if n.tag == "a" and "new" in n.classes():
            print(n.text() or n.attrs.get("title", "?"))


def cmd_items(root):
    for n in content(root).walk():
        if n.tag != "li":
            continue
        anchor = "-"
        for m in n.walk():
            if m.tag == "span" and m.attrs.get("id"):
                anchor = m.attrs["id"]
                break
        print("%s\t%s" % (anchor, n.text()))


def main(argv):
    # Each command and how many arguments it takes after FILE.
    cmds = {"skin": (cmd_skin, (0,)), "table": (cmd_table, (1,)),
            "redlinks": (cmd_redlinks, (0, 1)), "items": (cmd_items, (0,)),
            "text": (lambda r: print(content(r).text()), (0,))}
    if len(argv) < 3 or argv[1] not in cmds or \
            len(argv) - 3 not in cmds[argv[1]][1]:
        sys.exit("usage: dom.py skin|items|text FILE | table FILE ID |"
                 " redlinks FILE [ID]")
    fn, _ = cmds[argv[1]]
    fn(load(argv[2]), *argv[3:])

if __name__ == "__main__":
    main(sys.argv)
