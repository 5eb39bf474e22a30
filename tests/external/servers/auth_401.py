"""A SPARQL server stand-in that turns every request away with 401.

    python3 auth_401.py LOG

Listens on a free loopback port, prints `listening PORT` on stdout, and
appends one line per request to LOG: the method, the path and the
Authorization header as received (`-` when there is none), tab-separated.
Every request is answered 401 Unauthorized, with a Bearer and a Basic
challenge. The request body is read first, so a client that is still
sending gets the answer and not a reset connection.
"""

import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self):
        self.read_body()
        with open(sys.argv[1], "a", encoding="utf-8") as log:
            log.write(f"{self.command}\t{self.path}\t{self.headers.get('Authorization', '-')}\n")
        body = b"authentication required\n"
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Bearer realm="isnad-test"')
        self.send_header("WWW-Authenticate", 'Basic realm="isnad-test"')
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.close_connection = True

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                self.rfile.read(size + 2)
                if size == 0:
                    return
        self.rfile.read(int(self.headers.get("Content-Length") or 0))

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = answer

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(f"listening {server.server_address[1]}", flush=True)
server.serve_forever()
