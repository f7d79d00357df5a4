#!/bin/sh
# Escaping, judged by the wiki itself: events whose fields hold wikitext
# that would break a table, add a category, call a template or sign a
# page are synced, then the page is parsed by MediaWiki (action=parse):
# exactly one row per event, each cell showing the value as typed, and
# no category, template, link or external link added.
. "$TEST_SRCDIR/tests/lib.sh"

start_wiki

cat >"$T/esc.wiki" <<'EOT'
{| class="wikitable"
<%#events%>
|-
| <%id%> || <%title%> || <%notes%>
<%/events%>
|}
EOT
{ wiki_section; cat <<EOC; } >"$CONF"

[registry]
database = $T/registry.db

[table esc]
page = Escape test
template = $T/esc.wiki
where = campaign = Esc
sort = id
create = yes
EOC

# The hostile values, one per line: id, then title.  Newlines cannot be
# in a title (the registry refuses them); they are tested in notes below.
cat >"$T/values" <<'EOV'
e01	|}
e02	a || b
e03	a !! b
e04	{{delete}}
e05	[[Category:Spam]]
e06	[http://x.example y]
e07	<ref>note</ref>
e08	<!-- hidden
e09	~~~~
e10	__NOTOC__
e11	Ünïcödé 日本語 — “quotes” and ‘single’
e12	== Heading ==
e13	* list item
e14	{{#if:1|yes|no}}
e15	'''bold''' and ''italic''
e16	https://example.org/bare
e17	RFC 1234 and ISBN 0-306-40615-2
e18	<nowiki>x</nowiki></nowiki>{{delete}}
e19	-----
e20	; term : definition
e21	&amp; &lt;b&gt;
e22	x}}{{delete}}{{x
e23	« guillemets » ‹ single › and : ; ! ? % spaced
EOV
n=0
while IFS='	' read -r id title; do
	"$WIKISYNC" -c "$CONF" event add --id "$id" campaign=Esc \
	    title="$title" start=2023-03-08 notes=- >/dev/null 2>"$T/add.err" ||
	    { echo "# cannot add $id:"; sed 's/^/#   /' "$T/add.err"; }
	n=$((n + 1))
done <"$T/values"
ws event add --id e24 campaign=Esc title="Newline in notes" \
    start=2023-03-08 notes="first
|-
| second ||| third"
is_status 0 "an event with line breaks in its notes"
printf 'e24\tNewline in notes\tfirst |- | second ||| third\n' >"$T/expected"
awk -F '\t' '{ print $1 "\t" $2 "\t-" }' "$T/values" | cat - "$T/expected" |
    sort >"$T/expected.rows"

ws sync
is_status 0 "the hostile events are synced"
out_has "Escape test: created" "onto a new page"

# Ask the wiki how it reads the page.
curl -sf -o "$T/parse.json" "$WIKI_API?action=parse&format=json&formatversion=2&page=Escape%20test&prop=text%7Ccategories%7Ctemplates%7Clinks%7Cexternallinks%7Cproperties%7Csections"
is_eq "$?" "0" "the wiki parses the page"
python3 - "$T/parse.json" >"$T/parsed" 2>"$T/parse.err" <<'EOP'
import html.parser, json, sys
d = json.load(open(sys.argv[1]))["parse"]
for k in ("categories", "templates", "links", "externallinks", "sections"):
    print("%s=%d" % (k, len(d.get(k, []))))
print("properties=%s" % ",".join(sorted(p["name"] if isinstance(p, dict) else p for p in d.get("properties", []))))

class Rows(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.cell, self.tables, self.tags = [], None, 0, set()
    def handle_starttag(self, tag, attrs):
        if tag == "table": self.tables += 1
        elif tag == "tr": self.rows.append([])
        elif tag in ("td", "th"): self.cell = []
        elif self.cell is not None: self.tags.add(tag)
    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None
    def handle_data(self, data):
        if self.cell is not None: self.cell.append(data)
p = Rows()
p.feed(d["text"])
print("tables=%d" % p.tables)
print("tags-in-cells=%s" % ",".join(sorted(p.tags)))
for r in p.rows:
    print("\t".join(r))
EOP
is_eq "$?" "0" "the parse is read"
grep -x "categories=0" "$T/parsed" >/dev/null
is_eq "$?" "0" "no category is added"
grep -x "templates=0" "$T/parsed" >/dev/null
is_eq "$?" "0" "no template is called"
grep -x "links=0" "$T/parsed" >/dev/null
is_eq "$?" "0" "no link is made"
grep -x "externallinks=0" "$T/parsed" >/dev/null
is_eq "$?" "0" "no external link is made"
grep -x "sections=0" "$T/parsed" >/dev/null
is_eq "$?" "0" "no heading is made"
grep -x "properties=" "$T/parsed" >/dev/null
is_eq "$?" "0" "no behaviour switch (__NOTOC__) is set"
grep -x "tables=1" "$T/parsed" >/dev/null
is_eq "$?" "0" "the page holds exactly one table"
grep -x "tags-in-cells=" "$T/parsed" >/dev/null
is_eq "$?" "0" "no markup (bold, links, lists, references) inside the cells"
grep '	' "$T/parsed" | sort >"$T/got.rows"
is_eq "$(wc -l <"$T/got.rows")" "24" "exactly one row per event"
same_file "$T/got.rows" "$T/expected.rows" \
    "each cell shows its value exactly as typed"

# The page text itself: no signature was expanded.
"$MWTOOL" --api "$WIKI_API" --contact t@example.org --user "$WIKI_BOT" \
    --password-file "$WIKI_BOT_PASSWORD_FILE" read -t "Escape test" then \
    cat "Escape test" | tail -n +2 >"$T/page"
grep -q "SyncBot" "$T/page"
is_eq "$?" "1" "~~~~ is not turned into the bot's signature"

# A second sync makes no edit: escaping is deterministic.
ws sync
out_has "Escape test: in sync" "the next sync finds the page in sync"

done_testing
