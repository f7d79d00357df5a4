#!/bin/sh
# Links people click, judged by the wiki itself: events whose URL and
# page fields are hostile are synced through a template that links
# them ([<%link%> <%title%>], [[<%target%>|<%title%>]], [[<%target%>]]);
# MediaWiki then parses the page (action=parse): each link's target is
# exactly the value, nothing is injected, no category, file, template
# or behaviour switch is added, and a value that cannot be a target is
# shown as text, with a warning naming its event, without blocking the
# page.  Then a wiki whose spam filter ($wgSpamRegex) refuses a URL:
# the error names the event whose URL matched; the other pages go on.
. "$TEST_SRCDIR/tests/lib.sh"

start_wiki

cat >"$T/links.wiki" <<'EOT'
{| class="wikitable"
<%#events%>
|-
| <%id%> || [<%link%> <%title%>] || [[<%target%>|<%title%>]] || [[<%target%>]]
<%/events%>
|}
EOT
{ wiki_section; cat <<EOC; } >"$CONF"

[registry]
database = $T/registry.db
extra_fields = link, target

[table links]
page = Links test
template = $T/links.wiki
where = campaign = Links
sort = id
create = yes
EOC

# id, the URL, the page title: hostile ones, and good ones that must
# still link (a query, a protocol-relative URL, non-ASCII).
cat >"$T/values" <<'EOV'
e01	javascript:alert(1)	[[Category:Spam]]
e02	http://x.example/a b	Category:Spam
e03	http://x.example]evil	File:X.jpg
e04	http://x.example/'{{delete}}	a|b
e05	https://ok.example.net/a?b=c&d=e	a]]b
e06	//proto.example/p	{{x}}
e07	mailto:someone@example.org	:fr:Page
e08	http://a.example/__NOTOC__/~~~~	w:en:Foo
e09	https://example.org/ünï ö	Ünïcödé 日本語
e10	ftp://x.example/a!!b|c	Media:X.jpg
e11		
e12	https://example.org/[[Category:Spam]]	Template:X
e13	http://x.example/<b>"q"	Talk:Foo's "bar" & baz=1
e14	http://x.example/&amp;	../up
e15	https://x.example/{{PAGENAME}}	a%20b
e16	http://x.example/?x=1|y=2	~~~~
e17	Category:Spam	Category:Spam]][[Category:Spam2
e18	https://ok.example.net/a	__NOTOC__
EOV
while IFS='	' read -r id link target; do
	"$WIKISYNC" -c "$CONF" event add --id "$id" campaign=Links \
	    title="Event $id" start=2023-03-08 link="$link" \
	    target="$target" >/dev/null 2>"$T/add.err" ||
	    { echo "# cannot add $id:"; sed 's/^/#   /' "$T/add.err"; }
done <"$T/values"

ws check
is_status 0 "check accepts values in link targets"

ws render links
is_status 0 "render shows the table with values shown as text"
err_has "table 'links': event 'e04': 'a|b' is shown as text" \
    "render warns naming the table and the event"
out_has "[[:Category:Spam|Event e02]]" \
    "a category title is linked with a leading ':'"

ws sync
is_status 0 "the page is synced: no value blocks it"
out_has "Links test: created" "onto a new page"
err_has "event 'e01': 'javascript:alert(1)' is shown as text" \
    "a javascript: URL is shown as text, the warning names the event"
err_has "$T/links.wiki:4: not a URL" "the warning names the template line"
err_has "event 'e04': 'a|b' is shown as text" \
    "a title with '|' is shown as text, the warning names the event"
err_has "event 'e10': 'Media:X.jpg' is shown as text" \
    "a Media: link is shown as text"
err_has "event 'e17': 'Category:Spam' is shown as text" \
    "a URL without a scheme is shown as text"
if grep -q "event 'e11'" "$ERR"; then
	fail "an empty value is no warning"
else
	pass "an empty value is no warning"
fi

curl -sf -o "$T/parse.json" "$WIKI_API?action=parse&format=json&formatversion=2&page=Links%20test&prop=text%7Ccategories%7Ctemplates%7Cimages%7Clinks%7Ciwlinks%7Cexternallinks%7Cproperties"
is_eq "$?" "0" "the wiki parses the page"

# The page titles the wiki makes of the values that should link.
python3 - "$T/values" >"$T/titles" <<'EOP'
import sys
for line in open(sys.argv[1], encoding="utf-8"):
    t = line.rstrip("\n").split("\t")[2]
    if t and not any(c in t for c in "[]|{}<>") and "~~~" not in t \
       and "%20" not in t and not t.startswith("..") \
       and not t.startswith("Media:"):
        print(t)
EOP
curl -sf -o "$T/norm.json" --data-urlencode "titles=$(paste -sd'|' "$T/titles")" \
    "$WIKI_API?action=query&format=json&formatversion=2"
is_eq "$?" "0" "the wiki normalizes the titles"

python3 - "$T/parse.json" "$T/values" "$T/norm.json" >"$T/checks" \
    2>"$T/check.err" <<'EOP'
import html.parser, json, sys, urllib.parse
d = json.load(open(sys.argv[1]))["parse"]
q = json.load(open(sys.argv[3]))["query"]
norm = {n["from"]: n["to"] for n in q.get("normalized", [])}
iw = {i["title"] for i in q.get("interwiki", [])}
for k in ("categories", "templates", "images"):
    print("%s=%d" % (k, len(d.get(k, []))))
print("properties=%s" % ",".join(sorted(
    p["name"] if isinstance(p, dict) else p for p in d.get("properties", []))))

class Rows(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.cell, self.tags = [], None, set()
    def handle_starttag(self, tag, attrs):
        if tag == "tr": self.rows.append([])
        elif tag in ("td", "th"): self.cell = {"text": [], "a": []}
        elif self.cell is not None:
            if tag == "a": self.cell["a"].append(dict(attrs))
            else: self.tags.add(tag)
    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.cell["text"] = "".join(self.cell["text"]).strip()
            self.rows[-1].append(self.cell)
            self.cell = None
    def handle_data(self, data):
        if self.cell is not None: self.cell["text"].append(data)
p = Rows()
p.feed(d["text"])
print("tags-in-cells=%s" % ",".join(sorted(p.tags)))
rows = {r[0]["text"]: r for r in p.rows if r}
print("rows=%d" % len(rows))

def title_of(a):
    t = a.get("title", "")
    return t[:-len(" (page does not exist)")] if t.endswith(" (page does not exist)") else t

for line in open(sys.argv[2], encoding="utf-8"):
    id, link, target = line.rstrip("\n").split("\t")
    r = rows.get(id)
    if r is None or len(r) != 4:
        print("%s: no row of 4 cells" % id); continue
    ext, lab, bare = r[1], r[2], r[3]
    title = "Event " + id
    ok_url = link.split(":")[0] in ("http", "https", "ftp", "mailto") \
        or link.startswith("//")
    if ok_url:
        hrefs = [urllib.parse.unquote(a.get("href", "")) for a in ext["a"]]
        print("%s url %s" % (id, "ok" if hrefs == [link] and ext["text"] == title
              else "BAD %r text %r" % (hrefs, ext["text"])))
    else:
        print("%s url %s" % (id, "ok" if not ext["a"] and ext["text"] == title
              else "BAD %r" % ext))
    want = norm.get(target, target)
    if target and target in open(sys.argv[2].replace("values", "titles"),
                                 encoding="utf-8").read().split("\n"):
        got = [title_of(a) for a in lab["a"]]
        gotb = [title_of(a) for a in bare["a"]]
        if want in iw:
            want = target.lstrip(":")
        print("%s title %s" % (id, "ok" if got == [want] and gotb == [want]
              and lab["text"] == title and bare["text"] == target.lstrip(":")
              else "BAD %r %r want %r texts %r %r" % (got, gotb, want,
              lab["text"], bare["text"])))
    else:
        print("%s title %s" % (id, "ok" if not lab["a"] and not bare["a"]
              and lab["text"] == title and bare["text"] == target
              else "BAD %r %r" % (lab, bare)))
EOP
is_eq "$?" "0" "the parse is read"
sed 's/^/# /' "$T/check.err"
for k in categories=0 templates=0 images=0 properties= tags-in-cells= rows=18
do
	grep -qx "$k" "$T/checks"
	is_eq "$?" "0" "the parsed page: $k"
done
while IFS='	' read -r id link target; do
	grep -qx "$id url ok" "$T/checks"
	is_eq "$?" "0" "$id: the URL '$link' is the link's target, or text"
	grep -qx "$id title ok" "$T/checks"
	is_eq "$?" "0" "$id: the title '$target' is the links' target, or text"
done <"$T/values"
grep ' BAD ' "$T/checks" | sed 's/^/# /'

"$MWTOOL" --api "$WIKI_API" --contact t@example.org --user "$WIKI_BOT" \
    --password-file "$WIKI_BOT_PASSWORD_FILE" read -t "Links test" then \
    cat "Links test" | tail -n +2 >"$T/page"
grep -q "SyncBot" "$T/page"
is_eq "$?" "1" "~~~~ in a URL or title is not turned into a signature"

ws sync
out_has "Links test: in sync" "the next sync finds the page in sync"

# The wiki's spam filter (core MediaWiki's $wgSpamRegex) refuses one
# event's URL: that page fails naming the event, the other is written.
cat >"$WIKI_DIR/extra.php" <<'EOP'
<?php
$wgSpamRegex = [ '/spam-domain\.example/' ];
EOP
cat >"$T/spam.wiki" <<'EOT'
<%#events%>
* [<%url%> <%title%>]
<%/events%>
EOT
cat >>"$CONF" <<EOC

[table spammed]
page = Spam test
template = $T/spam.wiki
where = campaign = Spam
sort = id
create = yes

[table clean]
page = Clean test
template = $T/spam.wiki
where = campaign = Clean
sort = id
create = yes
EOC
ws event add --id s1 campaign=Spam title=Fine start=2023-03-08 \
    url=https://ok.example.net/s1
ws event add --id s2 campaign=Spam title=Spammy start=2023-03-08 \
    url=https://www.spam-domain.example/s2
ws event add --id c1 campaign=Clean title=Clean start=2023-03-08 \
    url=https://ok.example.net/c1
ws sync
is_status 65 "a page the spam filter refuses fails the sync"
err_has "Spam test" "the error names the page"
err_has "matched in event 's2' (url)" "and the event whose URL matched"
if grep -q "event 's1'" "$ERR"; then
	fail "the other event on the page is not named"
else
	pass "the other event on the page is not named"
fi
out_has "Clean test: created" "the other page is written"

done_testing
