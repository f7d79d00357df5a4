/*
 * Unit tests of the API response reader (apixml.c), the MD5 of edits
 * (md5.c) and the URL rules of http.c: the parts of the wiki client that
 * need no server.  The client itself is tested against the test wiki and
 * the fault-injection server (tests/t/t06*.sh).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "apixml.h"
#include "http.h"
#include "md5.h"
#include "mwapi.h"
#include "tap.h"

static int
parses(const char *body, char **cause)
{
	xmlDoc	*doc;

	*cause = NULL;
	if ((doc = apixml_parse(body, strlen(body), cause)) == NULL)
		return (0);
	xmlFreeDoc(doc);
	return (1);
}

static void
test_parse(void)
{
	const char	*good = "<?xml version=\"1.0\"?><api batchcomplete=\"\">"
	    "<query><pages><page pageid=\"7\" title=\"A &amp; B\" missing=\"\"/>"
	    "</pages></query></api>";
	xmlDoc		*doc;
	xmlNode		*page;
	char		*cause = NULL, *s;

	doc = apixml_parse(good, strlen(good), &cause);
	ok(doc != NULL, "a well-formed answer parses");
	page = apixml_path(xmlDocGetRootElement(doc), "query/pages/page");
	ok(page != NULL, "apixml_path finds query/pages/page");
	s = apixml_attr(page, "title");
	is_str(s, "A & B", "attributes are unescaped");
	free(s);
	ok(apixml_has(page, "missing"), "an empty boolean attribute is there");
	ok(!apixml_has(page, "invalid"), "an absent one is not");
	is_int(apixml_long(page, "pageid", -1), 7, "a number attribute");
	is_int(apixml_long(page, "title", -1), -1, "not a number: default");
	ok(apixml_attr(page, "nope") == NULL, "an absent attribute is NULL");
	ok(apixml_path(xmlDocGetRootElement(doc), "query/nope/page") == NULL,
	    "a path that is not there is NULL");
	xmlFreeDoc(doc);

	ok(!parses("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol "
	    "\"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><api>&lol2;"
	    "</api>", &cause), "billion laughs: refused");
	ok(cause != NULL && strstr(cause, "DOCTYPE") != NULL,
	    "the message says why");
	free(cause);
	ok(!parses("<!DOCTYPE api [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
	    "<api><error code=\"&x;\"/></api>", &cause),
	    "an external entity: refused");
	free(cause);
	ok(!parses("<api><query><pages></query>", &cause),
	    "malformed XML is refused");
	ok(cause != NULL && strstr(cause, "malformed XML") != NULL,
	    "as malformed XML");
	free(cause);
	ok(!parses("<html><body>Wikimedia Error</body></html>", &cause),
	    "XML that is not an API answer is refused");
	free(cause);
	ok(!parses("", &cause), "an empty body is refused");
	free(cause);
}

static void
test_html_text(void)
{
	char	*s;

	s = apixml_html_text("<i>Participants</i> &amp; <span>co</span>");
	is_str(s, "Participants & co",
	    "HTML text: tags dropped, &amp; decoded");
	free(s);
	s = apixml_html_text("Caf&#233; &lt;b&gt; &#x263A;&nbsp;x");
	is_str(s, "Caf\xc3\xa9 <b> \xe2\x98\xba\xc2\xa0x",
	    "numeric and named references decoded");
	free(s);
	s = apixml_html_text("plain");
	is_str(s, "plain", "plain text stays");
	free(s);
	s = apixml_html_text("");
	is_str(s, "", "nothing is nothing");
	free(s);
	s = apixml_html_text("<script>x</script>a</body></html><b>b");
	ok(s != NULL && strstr(s, "a") != NULL && strstr(s, "b") != NULL,
	    "broken HTML still gives its text");
	free(s);
}

static void
test_md5(void)
{
	static const char *const v[][2] = {
		{ "", "d41d8cd98f00b204e9800998ecf8427e" },
		{ "a", "0cc175b9c0f1b6a831c399e269772661" },
		{ "message digest", "f96b697d7cb7938d525a2f31aaf161d0" },
		{ "abcdefghijklmnopqrstuvwxyz",
		    "c3fcd3d76192e4007dfb496cca67e13b" },
		{ "1234567890123456789012345678901234567890123456789012345678"
		    "9012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a" },
	};
	char	hex[MD5_HEX_LEN + 1];
	size_t	i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		md5_hex(v[i][0], strlen(v[i][0]), hex);
		is_str(hex, v[i][1], "md5 of an RFC 1321 test string");
	}
	/* 55 and 56 bytes: the padding needs one more block at 56. */
	md5_hex("0123456789012345678901234567890123456789012345678901234",
	    55, hex);
	is_str(hex, "6e7a4fc92eb1c3f6e652425bcc8d44b5", "md5 of 55 bytes");
	md5_hex("01234567890123456789012345678901234567890123456789012345",
	    56, hex);
	is_str(hex, "8af270b2847610e742b0791b53648c09", "md5 of 56 bytes");
}

static void
test_urls(void)
{
	char	*cause = NULL;

	ok(http_url_ok("https://meta.wikimedia.org/w/api.php", &cause) == 0,
	    "https is fine");
	ok(http_url_ok("http://127.0.0.1:8080/api.php", &cause) == 0,
	    "http to 127.0.0.1 is fine");
	ok(http_url_ok("http://[::1]/api.php", &cause) == 0,
	    "http to ::1 is fine");
	ok(http_url_ok("http://meta.wikimedia.org/w/api.php", &cause) != 0,
	    "http elsewhere is refused");
	free(cause);
	cause = NULL;
	ok(http_url_ok("http://127.0.0.1.evil.example/api.php", &cause) != 0,
	    "a name that starts like a loopback address is refused");
	free(cause);
	cause = NULL;
	ok(http_url_ok("file:///etc/passwd", &cause) != 0,
	    "file: is refused");
	free(cause);
	cause = NULL;
	ok(http_url_ok("https://bot:secret@example.org/api.php", &cause) != 0,
	    "credentials in the URL are refused");
	free(cause);
}

static void
test_client(void)
{
	struct mwapi_config	 c;
	struct mwapi		*mw;
	char			*cause = NULL;

	memset(&c, 0, sizeof c);
	c.api = "https://example.org/w/api.php";
	c.username = "Bot@app";
	c.password = "x";
	mw = mwapi_new(&c, &cause);
	ok(mw == NULL && cause != NULL && strstr(cause, "contact") != NULL,
	    "no client without a contact for the User-Agent");
	free(cause);
	cause = NULL;
	c.contact = "ops@example.org";
	mw = mwapi_new(&c, &cause);
	ok(mw != NULL, "a client with a contact");
	is_int(mwapi_requests(mw, MW_REQ_COUNT), 0, "nothing sent yet");
	mwapi_free(mw);
	is_str(mw_error_name(MW_ERR_EDITCONFLICT), "editconflict",
	    "error names");
	is_int(mw_error_exit(MW_ERR_LOGIN), 77, "a refused login exits 77");
	is_int(mw_error_exit(MW_ERR_NETWORK), 69, "an unreachable wiki 69");
	is_int(mw_error_exit(MW_ERR_MAXLAG), 75, "maxlag is temporary: 75");
	is_str(mw_error_name(MW_ERR_NOSECTION), "nosection",
	    "a missing section has a name");
	is_str(mw_error_name(MW_ERR_API), "api", "the catch-all stays last");
	is_int(mw_error_exit(MW_ERR_NOSECTION), 65, "a missing section is 65");
	is_int(mw_error_exit(MW_ERR_BADUSER), 65, "a bad user name is 65");
}

int
main(void)
{
	test_parse();
	test_html_text();
	test_md5();
	test_urls();
	test_client();
	return (tap_done());
}
