/*
 * Unit tests for link targets: wikilink's URL and title escaping (what
 * is kept, encoded or refused) and template_contexts (the context each
 * tag gets from the template's text, the links shown as text with a
 * warning when a value cannot be their target, and the places where no
 * value may go).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "template.h"
#include "wikilink.h"
#include "wikitext.h"
#include "xmalloc.h"
#include "tap.h"

/* The escaped form of s, or "REFUSED: why". */
static char *
url(const char *s, int first)
{
	struct buf	 b;
	const char	*why = NULL;
	char		*out;

	buf_init(&b, BUF_UNLIMITED);
	buf_adds(&b, "");
	if (wikilink_escape_url(&b, s, first, &why) == 1) {
		out = xasprintf("REFUSED: %s", why);
		buf_free(&b);
		return (out);
	}
	return (buf_detach(&b));
}

static char *
title(const char *s, int first)
{
	struct buf	 b;
	const char	*why = NULL;
	char		*out;

	buf_init(&b, BUF_UNLIMITED);
	buf_adds(&b, "");
	if (wikilink_escape_title(&b, s, first, &why) == 1) {
		out = xasprintf("REFUSED: %s", why);
		buf_free(&b);
		return (out);
	}
	return (buf_detach(&b));
}

static void
is_url(const char *s, int first, const char *want)
{
	char	*got = url(s, first), msg[200], *p;

	snprintf(msg, sizeof msg, "url%s '%s'", first ? "" : " part", s);
	for (p = msg; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20)
			*p = '?';
	}
	is_str(got, want, msg);
	free(got);
}

static void
is_title(const char *s, int first, const char *want)
{
	char	*got = title(s, first), msg[300];

	snprintf(msg, sizeof msg, "title%s '%s'", first ? "" : " part", s);
	is_str(got, want, msg);
	free(got);
}

/* Starts with "REFUSED"? */
static void
refused_title(const char *s, int first)
{
	char	*got = title(s, first), msg[300], *p;

	snprintf(msg, sizeof msg, "title%s '%s' refused", first ? "" :
	    " part", s);
	for (p = msg; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20)
			*p = '?';
	}
	ok(strncmp(got, "REFUSED: ", 9) == 0, msg);
	free(got);
}

static void
test_url(void)
{
	is_url("https://ok.example.net/a", 1, "https://ok.example.net/a");
	is_url("HTTP://OK.example", 1, "HTTP://OK.example");
	is_url("//proto.example/x", 1, "//proto.example/x");
	is_url("mailto:a@b.example", 1, "mailto:a@b.example");
	is_url("http://x y", 1, "http://x%20y");
	is_url("http://x]evil", 1, "http://x%5Devil");
	is_url("http://x[y", 1, "http://x%5By");
	is_url("http://x'{{delete}}", 1, "http://x%27%7B%7Bdelete%7D%7D");
	is_url("http://x/<b>\"q\"", 1, "http://x/%3Cb%3E%22q%22");
	is_url("http://x|y", 1, "http://x%7Cy");
	is_url("http://x\ny\tz\x7f", 1, "http://x%0Ay%09z%7F");
	is_url("http://x/~~~~", 1, "http://x/%7E%7E%7E%7E");
	is_url("http://x/__NOTOC__", 1, "http://x/%5F_NOTOC%5F_");
	is_url("http://x/a_b", 1, "http://x/a_b");
	is_url("http://x/?a=1&b=2", 1, "http://x/?a&#61;1&#38;b&#61;2");
	is_url("http://x/a!!b", 1, "http://x/a&#33;&#33;b");
	is_url("http://x/&amp;", 1, "http://x/&#38;amp;");
	is_url("https://x.example/\xc3\xa4\xc2\xa0\xe3\x80\x80", 1,
	    "https://x.example/\xc3\xa4%C2%A0%E3%80%80");
	is_url("javascript:alert(1)", 1, "REFUSED: not a URL with a scheme "
	    "the wiki links (http://, https://, ...)");
	is_url("Category:Spam", 1, "REFUSED: not a URL with a scheme the "
	    "wiki links (http://, https://, ...)");
	is_url(" http://x", 1, "REFUSED: not a URL with a scheme the wiki "
	    "links (http://, https://, ...)");
	is_url("", 1, "REFUSED: not a URL with a scheme the wiki links "
	    "(http://, https://, ...)");
	is_url("http://", 1, "REFUSED: a URL with nothing after its scheme");
	is_url("http://x\xff", 1, "REFUSED: invalid UTF-8");
	is_url("a b]c", 0, "a%20b%5Dc");
	is_url("javascript:x", 0, "javascript:x");
	ok(wikilink_scheme("httpx://", 8) == 0, "no scheme httpx://");
	ok(wikilink_scheme("https://", 8) == 8, "the scheme https://");
}

static void
test_title(void)
{
	char	long_title[300];

	is_title("Foo", 1, "Foo");
	is_title("Category:Spam", 1, "Category:Spam");
	is_title("File:X.jpg", 1, "File:X.jpg");
	is_title(":fr:Page", 1, ":fr:Page");
	is_title("w:en:Foo", 1, "w:en:Foo");
	is_title("It's \"x\" & y=z", 1,
	    "It&#39;s &#34;x&#34; &#38; y&#61;z");
	is_title("a__NOTOC__b", 1, "a&#95;_NOTOC&#95;_b");
	is_title("a!!b", 1, "a&#33;&#33;b");
	is_title("100%", 1, "100%");
	is_title("Ünïcödé 日本語", 1, "Ünïcödé 日本語");
	is_title("/Sub", 1, "/Sub");
	is_title("Foo#Section", 1, "Foo#Section");
	is_title("a|b", 1, "REFUSED: a character no title may hold "
	    "(< > [ ] | { })");
	refused_title("a]]b", 1);
	refused_title("[[Category:Spam]]", 1);
	refused_title("{{x}}", 1);
	refused_title("<b>", 1);
	refused_title("a%20b", 1);
	refused_title("~~~~", 1);
	refused_title("../up", 1);
	refused_title("a/../b", 1);
	refused_title("a/.", 1);
	refused_title(".", 1);
	refused_title("Media:X.jpg", 1);
	refused_title("media _: X.jpg", 1);
	refused_title(":Media:X.jpg", 1);
	refused_title("", 1);
	refused_title(" _ ", 1);
	refused_title("#top", 1);
	refused_title("::x", 1);
	refused_title("a\nb", 1);
	refused_title("a\xc2\x85" "b", 1);
	refused_title("a\xff", 1);
	refused_title(":x", 0);
	is_title("Media:X.jpg", 0, "Media:X.jpg");
	memset(long_title, 'a', 255);
	long_title[255] = '\0';
	is_title(long_title, 1, long_title);
	long_title[255] = 'a';
	long_title[256] = '\0';
	refused_title(long_title, 1);
}

/* What the renderer warned, a line each. */
static struct buf	warned;

static void
warn(void *arg, const char *file, unsigned int line, const char *id,
    const char *value, const char *why)
{
	(void)arg;
	buf_printf(&warned, "%s:%u: %s: '%s': %s\n", file, line,
	    id != NULL ? id : "-", value, why);
}

/*
 * Render tmpl (contexts decided) with id "e1", v and w (NULL: missing)
 * with the wiki escapers; the text, or the error.
 */
static char *
render(const char *tmpl, const char *v, const char *w)
{
	struct template_escaper	 esc = { wikitext_escape, wikilink_escape,
				    warn, NULL };
	struct template		*tp;
	struct tvalue		*ctx;
	char			*cause = NULL, *out;

	tp = template_parse(tmpl, strlen(tmpl), "t.wiki", NULL, &cause);
	if (tp == NULL || template_contexts(tp, &cause) != 0) {
		template_free(tp);
		return (cause);
	}
	ctx = tv_map();
	tv_map_set(ctx, "id", tv_string("e1"));
	if (v != NULL)
		tv_map_set(ctx, "v", tv_string(v));
	if (w != NULL)
		tv_map_set(ctx, "w", tv_string(w));
	out = template_render_esc(tp, ctx, &esc, 65536, NULL, &cause);
	tv_free(ctx);
	template_free(tp);
	return (out != NULL ? out : cause);
}

static void
is_render(const char *what, const char *tmpl, const char *v, const char *w,
    const char *want, const char *want_warn)
{
	char	*got, msg[300];

	buf_reset(&warned);
	got = render(tmpl, v, w);
	is_str(got, want, what);
	snprintf(msg, sizeof msg, "%s: warnings", what);
	is_str(buf_str(&warned), want_warn, msg);
	free(got);
}

static void
test_render(void)
{
	is_render("external link", "[<%v%> Register]",
	    "https://ok.example.net/a", NULL,
	    "[https://ok.example.net/a Register]", "");
	is_render("external link, hostile URL", "[<%v%> Register]",
	    "http://x]evil {{delete}}", NULL,
	    "[http://x%5Devil%20%7B%7Bdelete%7D%7D Register]", "");
	is_render("external link, no URL: its label", "a [<%v%> <%w%>] b",
	    "javascript:alert(1)", "Sign up",
	    "a Sign up b", "t.wiki:1: e1: 'javascript:alert(1)': not a URL "
	    "with a scheme the wiki links (http://, https://, ...)\n");
	is_render("external link without label, no URL: the value as text",
	    "[<%v%>]", "[[Category:Spam]]", NULL,
	    "&#91;&#91;Category:Spam&#93;&#93;",
	    "t.wiki:1: e1: '[[Category:Spam]]': not a URL with a scheme the "
	    "wiki links (http://, https://, ...)\n");
	is_render("external link, missing URL: label, no warning",
	    "[<%v%> <%w%>]", NULL, "Label", "Label", "");
	is_render("external link after a literal URL",
	    "[https://x.example/wiki/<%v%> <%w%>]", "a b]c", "l",
	    "[https://x.example/wiki/a%20b%5Dc l]", "");
	is_render("bracketed text is not a link", "[note <%v%>]",
	    "http://x", NULL, "[note http&#58;//x]", "");
	is_render("label separated by a tab", "[<%v%>\tx]",
	    "http://x", NULL, "[http://x\tx]", "");

	is_render("internal link", "[[<%v%>|<%w%>]]", "Main Page", "Home",
	    "[[Main Page|Home]]", "");
	is_render("internal link to a category page", "[[<%v%>]]",
	    "Category:Spam", NULL, "[[:Category:Spam]]", "");
	is_render("internal link to a file page", "[[<%v%>]]",
	    "File:X.jpg", NULL, "[[:File:X.jpg]]", "");
	is_render("a value forcing the link itself", "[[<%v%>]]",
	    ":fr:Page", NULL, "[[:fr:Page]]", "");
	is_render("label escaped as text", "[[<%v%>|<%w%>]]", "P",
	    "a]]b|{{x}}",
	    "[[P|a&#93;&#93;b&#124;&#123;&#123;x&#125;&#125;]]", "");
	is_render("bad title with a label: the label", "[[<%v%>|<%w%>]]",
	    "a|b", "T", "T", "t.wiki:1: e1: 'a|b': a character no title "
	    "may hold (< > [ ] | { })\n");
	is_render("bad title without label: the value as text",
	    "x [[<%v%>]] y", "a]]b", NULL, "x a&#93;&#93;b y",
	    "t.wiki:1: e1: 'a]]b': a character no title may hold "
	    "(< > [ ] | { })\n");
	is_render("missing title: the label", "[[<%v%>|<%w%>]]", NULL, "T",
	    "T", "");
	is_render("missing title, no label: nothing", "a[[<%v%>]]b", NULL,
	    NULL, "ab", "");
	is_render("empty title: the label", "[[<%v%>|<%w%>]]", "", "T",
	    "T", "");
	is_render("interwiki prefix in the template", "[[:en:<%v%>]]",
	    "Category:X", NULL, "[[:en:Category:X]]", "");
	is_render("namespace in the template", "[[User:<%v%>]]",
	    "Category:X", NULL, "[[User:Category:X]]", "");
	is_render("no namespace in the template text: a colon if needed",
	    "[[Foo/<%v%>]]", "x:Category", NULL, "[[:Foo/x:Category]]", "");
	is_render("an ordinary title: no colon", "[[Foo/<%v%>]]", "x", NULL,
	    "[[Foo/x]]", "");
	is_render("a subpage-like title: a colon", "[[<%v%>]]", "/Sub", NULL,
	    "[[:/Sub]]", "");
	is_render("title part after a value", "[[<%v%>/<%w%>]]", "A",
	    "Category:B", "[[:A/Category:B]]", "");
	is_render("several links on a line, warnings on their line",
	    "\n[[<%v%>]] [<%w%> x]", "a|b", "ftp://x y",
	    "\na&#124;b [ftp://x%20y x]",
	    "t.wiki:2: e1: 'a|b': a character no title may hold "
	    "(< > [ ] | { })\n");
	is_render("text context as before", "| <%v%> || <%w%>",
	    "[[Category:Spam]]", "http://x",
	    "| &#91;&#91;Category:Spam&#93;&#93; || http&#58;//x", "");
	is_render("sections around and in labels",
	    "<%#v%>[[<%v%>|<%#w%><%w%><%/w%><%^w%>none<%/w%>]]<%/v%>",
	    "P", NULL, "[[P|none]]", "");
	is_render("links in a file caption",
	    "[[File:X.jpg|thumb|[[<%v%>]]]]", "Category:C", NULL,
	    "[[File:X.jpg|thumb|[[:Category:C]]]]", "");
	is_render("a parser function's argument", "{{#if:<%v%>|y}}",
	    "a|b", NULL, "{{#if:a&#124;b|y}}", "");
	is_render("raw values anywhere", "<span id=\"<%&v%>\">",
	    "x", NULL, "<span id=\"x\">", "");
	is_render("a raw value in a target, empty or not",
	    "[[<%&w%><%v%>]] [[<%&v%><%v%>]]", "P", "", "[[P]] [[PP]]", "");
	is_render("a raw value in a target, unset", "[[<%&x%><%v%>]]", "P",
	    NULL, "[[P]]", "");
}

/* The error from deciding tmpl's contexts. */
static void
refused(const char *tmpl, const char *want)
{
	char	*got, msg[300], *p;

	got = render(tmpl, "x", "y");
	snprintf(msg, sizeof msg, "template '%s'", tmpl);
	for (p = msg; *p != '\0'; p++) {
		if (*p == '\n' || *p == '\t')
			*p = '/';
	}
	is_str(got, want, msg);
	free(got);
}

static void
test_refused(void)
{
	refused("{{<%v%>}}", "t.wiki:1: a value in the name of a template "
	    "or parser function");
	refused("a\nb\n{{Template:<%v%>|x}}", "t.wiki:3: a value in the name "
	    "of a template or parser function");
	refused("{{{<%v%>}}}", "t.wiki:1: a value in the name of a template "
	    "or parser function");
	refused("{{int:<%v%>}}", "t.wiki:1: a value in the name of a "
	    "template or parser function");
	refused("<span id=\"<%v%>\">x</span>", "t.wiki:1: a value inside an "
	    "HTML tag");
	refused("{| class=\"<%v%>\"\n|}", "t.wiki:1: a value in table "
	    "attributes (a \"{|\" or \"|-\" line)");
	refused("{|\n|- style=\"<%v%>\"\n|}", "t.wiki:2: a value in table "
	    "attributes (a \"{|\" or \"|-\" line)");
	refused("{|\n| style=\"<%v%>\" | x\n|}", "t.wiki:2: a value in table "
	    "cell attributes (before a single '|')");
	refused("{|\n| a || <%v%> | x\n|}", "t.wiki:2: a value in table "
	    "cell attributes (before a single '|')");
	refused("[[<%#v%>a<%/v%>]]", "t.wiki:1: a section tag in a link's "
	    "target");
	refused("[<%^v%>a<%/v%>]", "t.wiki:1: a section tag in a link's "
	    "target");
	refused("[[<%v%>\n]]", "t.wiki:1: a link with a value in its target "
	    "must end on its line");
	refused("[<%v%> x\n]", "t.wiki:1: an external link with a value in "
	    "its target must end on its line");
	refused("<%#w%>[[<%v%>|<%/w%>]]", "t.wiki:1: a link with a value in "
	    "its target is not closed");
	refused("[[<%v%>|<%#w%>]]<%/w%>", "t.wiki:1: a link with a value in "
	    "its target must be closed in the section or file where it opens");
	refused("[[<%v%>|[[<%w%>]]]]", "t.wiki:1: a link with a value in its "
	    "target inside another");
	/* The inner link gets its value first (fuzz-links found it). */
	refused("[[a{{x|[[<%v%>]]}}<%w%>]]", "t.wiki:1: a link with a value "
	    "in its target inside another");
	/* Allowed: values in text, arguments, comments, cell content. */
	refused("{{#time:j F Y|<%v%>}} {{flag|<%v%>}} <!-- <%v%> -->\n"
	    "{|\n! colspan=\"2\" | <%v%> !! <%w%>\n|-\n| <%v%> || [[a|b]] "
	    "<%w%>\n|}\n{{urlencode:<%v%>}}",
	    "{{#time:j F Y|x}} {{flag|x}} <!-- x -->\n{|\n! colspan=\"2\" | x !! y\n|-\n| x || "
	    "[[a|b]] y\n|}\n{{urlencode:x}}");
}

/* A link stays a link for an escaper without links; its names count. */
static void
test_plain(void)
{
	const char	*t = "[[<%v%>|<%w%>]] [<%v%> <%w%>]";
	struct template	*tp;
	struct tvalue	*ctx;
	char		*cause = NULL, *out;

	tp = template_parse(t, strlen(t), "t.wiki", NULL, &cause);
	ok(tp != NULL && template_contexts(tp, &cause) == 0, "contexts");
	ok(template_uses(tp, "w"), "a name in a link's label is used");
	ok(template_uses(tp, "v"), "a name in a link's target is used");
	ctx = tv_map();
	tv_map_set(ctx, "v", tv_string("a|b"));
	tv_map_set(ctx, "w", tv_string("c"));
	out = template_render(tp, ctx, NULL, 1000, NULL, &cause);
	is_str(out, "[[a|b|c]] [a|b c]", "no escaper: the template's text");
	free(out);
	out = template_render(tp, ctx, NULL, 5, NULL, &cause);
	ok(out == NULL, "over the maximum: no text");
	free(cause);
	tv_free(ctx);
	template_free(tp);
}

int
main(void)
{
	buf_init(&warned, BUF_UNLIMITED);
	buf_adds(&warned, "");
	test_url();
	test_title();
	test_render();
	test_refused();
	test_plain();
	buf_free(&warned);
	return (tap_done());
}
