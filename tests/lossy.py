#!/usr/bin/env python3
"""lossy: a proxy in front of the real test wiki that loses edits' answers.

A lost answer is an everyday event on the real internet (a timeout on a
busy API, a dropped connection) that the test wiki cannot be made to
produce on demand: the wiki saves the edit, but its answer never reaches
the client, which cannot know whether the edit was saved.  This proxy
forwards every request to the wiki untouched and, where the test asks,
loses the answer of an edit the wiki has already saved.  Python 3
standard library only.

    python3 tests/lossy.py --upstream http://127.0.0.1:PORT \\
        --port-file FILE --log FILE [--late SECONDS]

listens on 127.0.0.1 (a free port), writes the port to FILE once
listening, and serves until SIGTERM or SIGINT.

URLs:  http://127.0.0.1:PORT/<session>/<mode>/api.php  -> UPSTREAM/api.php

<session> is any token the test picks (counts are kept per session and
mode).  <mode> is one of:

  ok              forward requests and answers
  drop[=N]        forward an edit (action=edit), wait for the wiki's
                  answer, then close the connection without sending it:
                  the client sees an empty reply
  late[=N]        forward an edit, then hold the wiki's answer for
                  --late seconds (default 8) before sending it, past the
                  client's timeout
  drop-before[=N] close the connection without forwarding the edit:
                  the wiki never sees it (the client cannot tell)

With =N only the first N edits of the session are treated so, then
requests pass untouched.  The log gets one line per request:
  <session> <mode> <action> <outcome>
outcome is "forwarded", "dropped" (saved, answer lost), "late" (saved,
answer held) or "unsent" (never reached the wiki).
"""

import argparse
import http.client
import os
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG = None
LOCK = threading.Lock()
COUNTS = {}
STOP = threading.Event()
UPSTREAM = None
LATE = 8.0

# Headers that belong to one hop, not passed on.
HOP = {'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding',
       'te', 'trailer', 'upgrade', 'host', 'content-length'}


def log(*fields):
    with LOCK:
        LOG.write(' '.join(str(f) for f in fields) + '\n')
        LOG.flush()


def action_of(query, body, ctype):
    """The API action of a request: its query string or urlencoded body."""
    params = urllib.parse.parse_qs(query)
    if 'action' not in params and body and \
            ctype.startswith('application/x-www-form-urlencoded'):
        params = urllib.parse.parse_qs(body.decode('utf-8', 'replace'))
    return params.get('action', ['-'])[0]


def treat(session, mode):
    """Should this edit be treated by mode?  Counts per session and mode."""
    name, _, limit = mode.partition('=')
    if name == 'ok':
        return None
    with LOCK:
        n = COUNTS.get((session, name), 0)
        if limit and n >= int(limit):
            return None
        COUNTS[(session, name)] = n + 1
    return name


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.proxy()

    def do_POST(self):
        self.proxy()

    def proxy(self):
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.strip('/').split('/')
        if len(parts) != 3 or parts[2] != 'api.php':
            self.send_error(404)
            return
        session, mode = parts[0], parts[1]
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length) if length > 0 else b''
        action = action_of(url.query, body,
                           self.headers.get('Content-Type', ''))
        how = treat(session, mode) if action == 'edit' else None
        if how == 'drop-before':
            log(session, mode, action, 'unsent')
            self.close_connection = True
            return
        up = urllib.parse.urlsplit(UPSTREAM)
        conn = http.client.HTTPConnection(up.hostname, up.port, timeout=120)
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in HOP}
        path = up.path.rstrip('/') + '/api.php' + \
            ('?' + url.query if url.query else '')
        conn.request(self.command, path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        rheaders = [(k, v) for k, v in resp.getheaders()
                    if k.lower() not in HOP]
        conn.close()
        if how == 'drop':
            log(session, mode, action, 'dropped')
            self.close_connection = True
            return
        if how == 'late':
            log(session, mode, action, 'late')
            STOP.wait(LATE)
        else:
            log(session, mode, action, 'forwarded')
        try:
            self.send_response(resp.status, resp.reason)
            for k, v in rheaders:
                self.send_header(k, v)
            self.send_header('Content-Length', str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass        # the client gave up waiting: as it should


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


def main():
    global LOG, UPSTREAM, LATE
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--upstream', required=True)
    ap.add_argument('--port-file', required=True)
    ap.add_argument('--log', required=True)
    ap.add_argument('--late', type=float, default=8.0)
    args = ap.parse_args()
    UPSTREAM = args.upstream
    LATE = args.late
    LOG = open(args.log, 'a', encoding='utf-8')
    server = Server(('127.0.0.1', 0), Handler)

    def stop(*_):
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
