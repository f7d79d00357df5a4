#!/usr/bin/env python3
"""faultd: a fault-injecting stand-in for the MediaWiki Action API.

The shell tests run wikisync against a real MediaWiki where they can.  This
server stands in only for what a real wiki cannot be made to do on demand:
lag, rate limits, read-only mode, broken HTTP, hostile XML, huge or endless
answers, hanging connections.  It imitates just enough of api.php
(format=xml, errorformat=bc, MediaWiki 1.39) for a client to log in, read
and edit, and otherwise keeps pages in memory.  Python 3 standard library only.

    python3 tests/faultd.py --port-file FILE --log FILE

listens on 127.0.0.1 (a free port), writes the port to FILE once listening
and serves until SIGTERM or SIGINT.

URLs:  http://127.0.0.1:PORT/<session>/<fault>/api.php
       http://127.0.0.1:PORT/<session>/stats   -> "requests=N edits=M"

<session> is any token the test picks: pages, counters and fault counts are
kept per session, so use a fresh one per case.  <fault> is "ok" or
"MODE[@ACTION][=N]": inject fault MODE (below) only into requests with
action=ACTION if given (drop@edit), N times if given (counted per session
and mode, on the requests it applies to), then behave normally; without
=N, always.

Normal answers (GET query string and POST body, urlencoded or multipart):
meta=tokens (login token "abc123+\", csrf "0123abcd+\"), action=login
(POST; lgpassword "wrong" fails), meta=userinfo|siteinfo (SyncBot with
bot and apihighlimits), prop=revisions by titles or pageids (a page's text
is "Page TEXT of TITLE\n" until edited; titles starting with "Missing" do
not exist), action=edit (POST; checks token, md5, nocreate, createonly;
same text gives nochange).  Anything else: error badvalue.

Modes:

  maxlag            API error maxlag, Retry-After: 1, X-Database-Lag: 7
  ratelimited       API error ratelimited              (action=edit only)
  readonly          API error readonly                 (action=edit only)
  badtoken          API error badtoken, whatever token (action=edit only)
  assertfail        API error assertbotfailed          (requests with assert=bot)
  http429 http503   that status, Retry-After: 1, HTML body
  http500           status 500, no Retry-After
  retryafter-huge   503 with Retry-After: 999999999
  retryafter-negative  503 with Retry-After: -5
  truncated         Content-Length: 1000, ~100 bytes sent, then a clean close
  drop              Content-Length: 5000, ~200 bytes sent, then a reset (RST)
  malformed         200, XML that is not well-formed
  notxml            200, text/html error page
  bomb              200, billion-laughs entity expansion
  xxe               200, an external entity naming file:///etc/passwd, used
                    in an attribute (which makes the document ill-formed)
  xxe-text          the same entity as the text of page "A" in a read answer
  huge              200, chunked, 100 MiB of filler in an endless-looking <api>
  gzipbomb          200, Content-Encoding: gzip, ~200 MiB of spaces (~200 KiB)
  hang              read the request, never answer
  slowbody          Content-Length: 100000000, then a byte every 2 seconds
  redirect          302 to file:///etc/passwd
  spamblacklist abusefilter blocked protectedpage contenttoobig
                    that API error on edits (spamblacklist lists 2 URLs)

The log (--log) gets one line per api.php request, written before the reply:
  <session> <mode> <action> <outcome> ua=<UA> expect=<E> maxlag=<M> assert=<A>
  auth=<scheme of the Authorization header, e.g. Bearer>
outcome is ok, fault, edit (a text-changing edit) or nochange; absent
values are "-" and spaces in the User-Agent become "_".
"""

import argparse
import hashlib
import os
import select
import signal
import socket
import struct
import sys
import threading
import time
import zlib
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

LOGIN_TOKEN = 'abc123+\\'
CSRF_TOKEN = '0123abcd+\\'
BASE_TIME = 1678276800          # 2023-03-08T12:00:00Z
XML_DECL = '<?xml version="1.0"?>'
DOCREF = ('See http://127.0.0.1/api.php for API usage. Subscribe to the '
          'mediawiki-api-announce mailing list for notice of API deprecations '
          'and breaking changes.')
RIGHTS = ('read', 'edit', 'bot', 'apihighlimits', 'noratelimit')
RETRY_AFTER = {'http429': (429, '1'), 'http503': (503, '1'),
               'http500': (500, None), 'retryafter-huge': (503, '999999999'),
               'retryafter-negative': (503, '-5')}
EDIT_ONLY = ('ratelimited', 'readonly', 'badtoken', 'spamblacklist',
             'abusefilter', 'blocked', 'protectedpage', 'contenttoobig')
# Edit refusals a bot meets on a real wiki, some only with extensions.
SPAM_MATCHES = ('<spamblacklist><matches><m>http://spam.example/buy</m>'
                '<m>http://spam.example/now</m></matches></spamblacklist>')
API_FAULTS = {
    'maxlag': ('maxlag', 'Waiting for db1: 7 seconds lagged.',
               (('host', 'db1'), ('lag', '7'), ('type', 'db')),
               {'Retry-After': '1', 'X-Database-Lag': '7'}),
    'ratelimited': ('ratelimited', 'As an anti-abuse measure, you are limited '
                    'from performing this action too many times in a short '
                    'space of time, and you have exceeded this limit. Please '
                    'try again in a few minutes.', (), {}),
    'readonly': ('readonly', 'The wiki is currently in read-only mode.',
                 (('readonlyreason', 'tests'),), {}),
    'badtoken': ('badtoken', 'Invalid CSRF token.', (), {}),
    'assertfail': ('assertbotfailed', 'You do not have the "bot" right, so '
                   'the action could not be completed.', (), {}),
    'spamblacklist': ('spamblacklist', 'The text you wanted to save was '
                      'blocked by the spam filter.', (), {}),
    'abusefilter': ('abusefilter-disallowed', 'This action has been '
                    'automatically identified as harmful, and therefore '
                    'disallowed.', (), {}),
    'blocked': ('blocked', 'You have been blocked from editing.', (), {}),
    'protectedpage': ('protectedpage', 'This page has been protected to '
                      'prevent editing or other actions.', (), {}),
    'contenttoobig': ('contenttoobig', 'The content you supplied exceeds '
                      'the page size limit of 2,048 kibibytes.', (), {})}
MODES = ('ok', 'truncated', 'drop', 'malformed', 'notxml', 'bomb', 'xxe',
         'xxe-text', 'huge', 'gzipbomb', 'hang', 'slowbody', 'redirect') + \
    tuple(API_FAULTS) + tuple(RETRY_AFTER)

STOP = threading.Event()        # set on SIGTERM/SIGINT: hanging handlers quit
LOCK = threading.Lock()         # guards SESSIONS and the log
SESSIONS = {}
LOG = None
GZIP_LOCK = threading.Lock()
GZIP_BOMB = None


def attr(v):
    """A value quoted for an XML attribute, always in double quotes."""
    v = str(v).replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
    return '"%s"' % v.replace('"', '&quot;').replace('\n', '&#10;') \
        .replace('\r', '&#13;').replace('\t', '&#9;')


def text(v):
    return v.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def tag(name, attrs=(), inner=None):
    a = ''.join(' %s=%s' % (k, attr(v)) for k, v in attrs)
    return '<%s%s />' % (name, a) if inner is None else \
        '<%s%s>%s</%s>' % (name, a, inner, name)


def field(v):
    """A value as one field of a log line: blanks become "_", none "-"."""
    return '_'.join((v or '').split(' ')).replace('\t', '_') or '-'


def timestamp(offset):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ',
                         time.gmtime(BASE_TIME + offset))


def api(inner='', attrs=()):
    return XML_DECL + tag('api', (('servedby', 'faultd'),) + tuple(attrs),
                          inner)


def api_error(code, info, extra=(), inner=''):
    """An error in errorformat=bc as MediaWiki 1.39 writes it in XML."""
    a = ''.join(' %s=%s' % (k, attr(v)) for k, v in
                (('code', code), ('info', info)) + tuple(extra))
    return (api('<error%s xml:space="preserve">%s%s</error>' %
                (a, inner, text(DOCREF))), {'MediaWiki-API-Error': code})


class Session:
    def __init__(self):
        self.requests = 0
        self.edits = 0
        self.injected = {}      # mode -> faults injected so far
        self.pages = {}         # title -> page dict
        self.nextid = 1
        self.nextrev = 100
        self.clock = 0          # seconds after BASE_TIME of the last change

    def page(self, title):
        """The page TITLE, made up on first use; titles starting with
        "Missing" do not exist until an edit creates them."""
        p = self.pages.get(title)
        if p is None:
            missing = title.startswith('Missing')
            p = {'pageid': 0 if missing else self.nextid, 'title': title,
                 'revid': 0 if missing else self.nextrev, 'parentid': 0,
                 'ts': 0, 'text': None if missing else
                 'Page TEXT of %s\n' % title}
            if not missing:
                self.nextid += 1
                self.nextrev += 1
            self.pages[title] = p
        return p


def normalize(title):
    t = ' '.join(title.replace('_', ' ').split())
    return t[:1].upper() + t[1:]


def query(sess, p):
    """action=query: meta=tokens|userinfo|siteinfo, prop=revisions."""
    out = []
    metas = [m for m in p.get('meta', '').split('|') if m]
    if 'tokens' in metas:
        types = p.get('type', 'csrf').split('|')
        out.append(tag('tokens', [(t + 'token', LOGIN_TOKEN if t == 'login'
                                   else CSRF_TOKEN) for t in types]))
    if 'userinfo' in metas:
        rights = None
        if 'rights' in p.get('uiprop', '').split('|'):
            rights = ''.join('<r>%s</r>' % r for r in RIGHTS)
        out.append(tag('userinfo', (('id', '2'), ('name', 'SyncBot')),
                       None if rights is None else tag('rights', (), rights)))
    if 'siteinfo' in metas:
        out.append(tag('general', (
            ('mainpage', 'Main Page'), ('sitename', 'Fault Wiki'),
            ('generator', 'MediaWiki 1.39.0'), ('case', 'first-letter'),
            ('lang', 'en'), ('script', '/api.php'),
            ('maxarticlesize', '2097152'))))
    if 'revisions' in p.get('prop', '').split('|'):
        norm, pages = [], []
        rvprop = p.get('rvprop', 'ids|timestamp|content').split('|')
        if 'titles' in p:
            found = []
            for t in p['titles'].split('|'):
                n = normalize(t)
                if n != t:
                    norm.append(tag('n', (('from', t), ('to', n))))
                if n:
                    found.append(sess.page(n))
        else:
            ids = p.get('pageids', '').split('|')
            found = [next((x for x in sess.pages.values()
                           if str(x['pageid']) == i and x['text'] is not None),
                          {'pageid': i, 'bad': True}) for i in ids if i]
        for pg in found:
            if pg.get('bad'):
                pages.append(tag('page', (('pageid', pg['pageid']),
                                          ('missing', ''))))
            elif pg['text'] is None:
                pages.append(tag('page', (('ns', '0'), ('title', pg['title']),
                                          ('missing', ''))))
            else:
                ra = []
                if 'ids' in rvprop:
                    ra += [('revid', pg['revid']), ('parentid', pg['parentid'])]
                if 'timestamp' in rvprop:
                    ra.append(('timestamp', timestamp(pg['ts'])))
                slots = None
                if 'content' in rvprop:
                    slots = tag('slots', (), (
                        '<slot contentmodel="wikitext" contentformat='
                        '"text/x-wiki" role="main" xml:space="preserve">'
                        '%s</slot>' % text(pg['text'])))
                pages.append(tag('page', (
                    ('pageid', pg['pageid']), ('ns', '0'),
                    ('title', pg['title'])),
                    tag('revisions', (), tag('rev', ra, slots))))
        if norm:
            out.append(tag('normalized', (), ''.join(norm)))
        out.append(tag('pages', (), ''.join(pages)))
    attrs = [('batchcomplete', '')]
    if 'curtimestamp' in p:
        attrs.append(('curtimestamp', timestamp(sess.clock)))
    return api(tag('query', (), ''.join(out)) if out else '', attrs), {}, 'ok'


def edit(sess, p):
    for k in ('title', 'token'):
        if k not in p:
            return api_error('missingparam', 'The "%s" parameter must be set.'
                             % k) + ('ok',)
    if p['token'] != CSRF_TOKEN:
        return api_error('badtoken', 'Invalid CSRF token.') + ('ok',)
    pg = sess.page(normalize(p['title']))
    old = pg['text']
    new = p.get('text')
    if new is None:
        return api_error('missingparam', 'The "text" parameter must be set.') \
            + ('ok',)
    # A body cut short fails here, as on a real wiki.
    if 'md5' in p and p['md5'] != hashlib.md5(new.encode()).hexdigest():
        return api_error('badmd5', 'The supplied MD5 hash was incorrect.') + \
            ('ok',)
    if old is None and 'nocreate' in p:
        return api_error('missingtitle',
                         "The page you specified doesn't exist.") + ('ok',)
    if old is not None and 'createonly' in p:
        return api_error('articleexists', 'The article you tried to create '
                         'has been created already.') + ('ok',)
    if pg['pageid'] == 0:
        pg['pageid'] = sess.nextid
        sess.nextid += 1
    a = [('result', 'Success'), ('pageid', pg['pageid']),
         ('title', pg['title']), ('contentmodel', 'wikitext')]
    if new == old:
        return api(tag('edit', a + [('nochange', '')])), {}, 'nochange'
    sess.clock += 1
    sess.edits += 1
    if old is None:
        a.append(('new', ''))
    a += [('oldrevid', pg['revid']), ('newrevid', sess.nextrev),
          ('newtimestamp', timestamp(sess.clock))]
    pg.update(parentid=pg['revid'], revid=sess.nextrev, ts=sess.clock,
              text=new)
    sess.nextrev += 1
    return api(tag('edit', a)), {}, 'edit'


def login(sess, p):
    if p.get('lgtoken') != LOGIN_TOKEN:
        r = (('result', 'Failed'), ('reason', 'Unable to continue login. '
                                    'Your session most likely timed out.'))
    elif p.get('lgpassword') == 'wrong':
        r = (('result', 'Failed'), ('reason', 'Incorrect username or '
                                    'password entered. Please try again.'))
    else:
        return (api(tag('login', (('result', 'Success'), ('lguserid', '2'),
                                  ('lgusername', 'SyncBot')))),
                {'Set-Cookie': 'faultwiki_session=%s; path=/; HttpOnly'
                 % os.urandom(8).hex()}, 'ok')
    return api(tag('login', r)), {}, 'ok'


def respond(sess, p, method):
    """The normal answer: (body, extra headers, outcome)."""
    action = p.get('action')
    if action in ('edit', 'login') and method != 'POST':
        return api_error('mustbeposted', 'The "%s" module requires a POST '
                         'request.' % action) + ('ok',)
    if action == 'query':
        return query(sess, p)
    if action == 'login':
        return login(sess, p)
    if action == 'edit':
        return edit(sess, p)
    return api_error('badvalue', 'Unrecognized value for parameter '
                     '"action"%s.' % (': ' + action if action else '')) + \
        ('ok',)


def gzip_bomb():
    global GZIP_BOMB
    with GZIP_LOCK:
        if GZIP_BOMB is None:
            z = zlib.compressobj(9, zlib.DEFLATED, 31)
            parts = [z.compress(api('').encode()[:-6])]
            spaces = b' ' * (1 << 20)
            parts += [z.compress(spaces) for _ in range(200)]
            parts.append(z.compress(b'</api>') + z.flush())
            GZIP_BOMB = b''.join(parts)
        return GZIP_BOMB


BOMB = (XML_DECL + '<!DOCTYPE api [<!ENTITY lol "lol">' + ''.join(
    '<!ENTITY lol%d "%s">' % (i, ('&lol%s;' % ('' if i == 1 else i - 1)) * 10)
    for i in range(1, 10)) + ']><api servedby="faultd"><error code="&lol9;" '
    'info="bomb" /></api>')
XXE = (XML_DECL + '<!DOCTYPE api [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       '<api servedby="faultd"><error code="&x;" info="x"/></api>')
XXE_TEXT = (XXE.split('<api')[0] + '<api servedby="faultd" batchcomplete="" '
            'curtimestamp="2023-03-08T12:00:00Z"><query><pages><page '
            'pageid="1" ns="0" title="A"><revisions><rev revid="100" '
            'parentid="0" timestamp="2023-03-08T12:00:00Z"><slots><slot '
            'contentmodel="wikitext" contentformat="text/x-wiki" role="main" '
            'xml:space="preserve">&x;</slot></slots></rev></revisions></page>'
            '</pages></query></api>')
MALFORMED = XML_DECL + '<api><query><pages><page title="A"></query>'
HTML = '<html><body>%s</body></html>'


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'faultd/1'

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.serve()

    def do_POST(self):
        self.serve()

    def body(self):
        if 'chunked' in self.headers.get('Transfer-Encoding', '').lower():
            data = b''
            while True:
                n = int(self.rfile.readline().split(b';')[0], 16)
                if n == 0:     # skip any trailers up to the blank line
                    while self.rfile.readline() not in (b'\r\n', b'\n', b''):
                        pass
                    return data
                data += self.rfile.read(n)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get('Content-Length') or 0))

    def params(self, url):
        p = dict(parse_qsl(url.query, keep_blank_values=True))
        if self.command != 'POST':
            return p
        data, ctype = self.body(), self.headers.get('Content-Type', '')
        if ctype.startswith('multipart/form-data'):
            msg = BytesParser().parsebytes(
                b'Content-Type: ' + ctype.encode() + b'\r\n\r\n' + data)
            for part in msg.get_payload() if msg.is_multipart() else []:
                name = part.get_param('name', header='content-disposition')
                if name:
                    raw = part.get_payload(decode=True) or b''
                    p[name] = raw.decode('utf-8', 'replace')
        else:
            p.update(parse_qsl(data.decode('utf-8', 'replace'),
                               keep_blank_values=True))
        return p

    def send(self, status, body, ctype='text/xml; charset=utf-8', headers=(),
             length=None):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length',
                         str(len(body) if length is None else length))
        for k, v in dict(headers).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def serve(self):
        url = urlsplit(self.path)
        parts = url.path.strip('/').split('/')
        if len(parts) == 2 and parts[1] == 'stats':
            with LOCK:
                s = SESSIONS.setdefault(parts[0], Session())
                out = 'requests=%d edits=%d\n' % (s.requests, s.edits)
            return self.send(200, out, 'text/plain; charset=utf-8')
        spec, _, n = parts[1].partition('=') if len(parts) == 3 else ('',) * 3
        mode, _, only = spec.partition('@')
        if len(parts) != 3 or parts[2] != 'api.php' or mode not in MODES or \
                (n and not n.isdigit()):
            if self.command == 'POST':
                self.body()
            return self.send(404, 'faultd: no such path or fault mode: %s\n'
                             % url.path, 'text/plain; charset=utf-8')
        p = self.params(url)
        action = p.get('action')
        with LOCK:
            sess = SESSIONS.setdefault(parts[0], Session())
            sess.requests += 1
            fault = mode != 'ok' and (not only or action == only) and \
                (action == 'edit' or mode not in EDIT_ONLY) and \
                (mode != 'assertfail' or p.get('assert') == 'bot') and \
                (not n or sess.injected.get(mode, 0) < int(n))
            if fault:
                sess.injected[mode] = sess.injected.get(mode, 0) + 1
                outcome = 'fault'
            else:
                body, headers, outcome = respond(sess, p, self.command)
            auth = (self.headers.get('Authorization') or '').split(' ')[0]
            LOG.write('%s %s %s %s ua=%s expect=%s maxlag=%s assert=%s '
                      'auth=%s\n' % (
                          parts[0], mode, field(action), outcome,
                          field(self.headers.get('User-Agent')),
                          field(self.headers.get('Expect')),
                          field(p.get('maxlag')), field(p.get('assert')),
                          field(auth)))
            LOG.flush()
        try:
            if fault:
                self.fault(mode)
            else:
                self.send(200, body, headers=headers)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def fault(self, mode):
        if mode in API_FAULTS:
            code, info, extra, more = API_FAULTS[mode]
            body, headers = api_error(code, info, extra, SPAM_MATCHES
                                      if mode == 'spamblacklist' else '')
            self.send(200, body, headers=dict(headers, **more))
        elif mode in RETRY_AFTER:
            status, ra = RETRY_AFTER[mode]
            self.send(status, HTML % ('faultd says %d' % status),
                      'text/html; charset=utf-8',
                      {'Retry-After': ra} if ra else {})
        elif mode == 'truncated':
            self.close_connection = True
            self.send(200, api('<query>' + 'x' * 100)[:100], length=1000)
        elif mode == 'drop':
            self.close_connection = True
            self.send(200, api('<query>' + 'x' * 200)[:200], length=5000)
            # Linger 0 makes close() send RST; rfile holds a reference.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack('ii', 1, 0))
            self.rfile.close()
            self.connection.close()
        elif mode == 'malformed':
            self.send(200, MALFORMED)
        elif mode == 'notxml':
            self.send(200, HTML % 'Wikimedia Error', 'text/html; charset=utf-8')
        elif mode == 'bomb':
            self.send(200, BOMB)
        elif mode == 'xxe':
            self.send(200, XXE)
        elif mode == 'xxe-text':
            self.send(200, XXE_TEXT)
        elif mode == 'gzipbomb':
            self.send(200, gzip_bomb(), headers={'Content-Encoding': 'gzip'})
        elif mode == 'redirect':
            self.send(302, HTML % 'Moved', 'text/html; charset=utf-8',
                      {'Location': 'file:///etc/passwd'})
        elif mode == 'huge':
            self.huge()
        elif mode == 'hang':
            self.close_connection = True
            self.wait(None)
        elif mode == 'slowbody':
            # 1e8 bytes: more than a 64 MiB cap, so that a client checking
            # Content-Length refuses at once; with a bigger cap it trickles.
            self.close_connection = True
            self.send(200, XML_DECL[:1], length=100000000)
            for b in (XML_DECL[1:] + '<api servedby="faultd">').encode():
                if not self.wait(2):
                    return
                self.wfile.write(bytes([b]))
            while self.wait(2):
                self.wfile.write(b' ')

    def wait(self, seconds):
        """Sleep up to seconds (None: forever) without burning CPU; False
        once the server stops or the client has gone away."""
        end = None if seconds is None else time.monotonic() + seconds
        sock = self.connection
        while not STOP.is_set():
            left = 0.5 if end is None else min(0.5, end - time.monotonic())
            if left <= 0:
                return True
            r, _, _ = select.select([sock], [], [], left)
            if r:
                try:
                    if not sock.recv(65536):
                        return False
                except OSError:
                    return False
        return False

    def chunk(self, data):
        self.wfile.write(b'%x\r\n%s\r\n' % (len(data), data))

    def huge(self):
        self.close_connection = True
        self.send_response(200)
        self.send_header('Content-Type', 'text/xml; charset=utf-8')
        self.send_header('Transfer-Encoding', 'chunked')
        self.end_headers()
        self.chunk((XML_DECL + '<api servedby="faultd"><query><pages><page '
                    'title="Huge"><revisions><rev><slots><slot>').encode())
        filler = b'x' * 65536
        for _ in range(100 * 16):
            if STOP.is_set():
                return
            self.chunk(filler)
        self.chunk(b'</slot></slots></rev></revisions></page></pages>'
                   b'</query></api>')
        self.wfile.write(b'0\r\n\r\n')


def main():
    global LOG
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--port-file', required=True)
    ap.add_argument('--log', required=True)
    args = ap.parse_args()
    LOG = open(args.log, 'a', encoding='utf-8')
    server = Server(('127.0.0.1', 0), Handler)

    def stop(*_):
        # shutdown() waits for serve_forever(), so it cannot run here.
        STOP.set()
        threading.Thread(target=server.shutdown, daemon=True).start()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)
    tmp = '%s.tmp.%d' % (args.port_file, os.getpid())
    with open(tmp, 'w') as f:
        f.write('%d\n' % server.server_address[1])
    os.replace(tmp, args.port_file)
    server.serve_forever(0.1)
    server.server_close()
    return 0


if __name__ == '__main__':
    sys.exit(main())
