"""HTTP around the Dash app: compression, cache lifetimes, security headers, limits.

Everything here is about what crosses the wire, and none of it keeps state:
- responses are compressed (brotli, else gzip) by flask-compress;
- fingerprinted files (Dash's component suites, assets with ?m=) are cached for a year,
  other assets for a day, the page not without asking again (no-cache), and an error
  not at all (no-store);
- the app serves its page at `/` only (Dash would serve it at any path) and 404s any
  other path, and any Dash bundle it does not have, instead of a 500;
- every response carries a Content-Security-Policy that allows only this origin (and
  the hashes of Dash's own inline scripts), nosniff and a Referrer-Policy; framing is
  allowed only for the origins in FRAME_ANCESTORS;
- callback requests are checked before Dash sees them, so a malformed one gets a 4xx
  with a one-line reason instead of a 500, and bodies over MAX_BODY get a 413 (as
  read, so a chunked body without Content-Length too); only callbacks that carry a
  visitor's uploaded events may send up to MAX_UPLOAD_BODY;
- what is the same for every visitor is prepared once per process, not per request:
  the page layout in each language (plotly's JSON encoder takes ~70 ms over the
  figures; English before the workers fork, another language when it is first asked
  for, ~0.6 s once per worker) and the compressed bodies of the files the page names
  (brotli takes ~90 ms over plotly.js), kept by file so that made-up URLs add nothing;
- the page is in the language its link asks for (?lang=), else the browser's: the page
  itself reads its own query, and the layout request, which Dash sends without one,
  reads the query of the page that sent it (its Referer; same-origin requests carry
  the full address under the Referrer-Policy set here).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from dash import Dash
from dash.exceptions import DependencyException
from dash.fingerprint import check_fingerprint
from flask import Response, g, jsonify, request
from flask_compress import Compress
from plotly.io.json import to_json_plotly
from werkzeug.middleware.proxy_fix import ProxyFix

from ..i18n import HTML_LANG, choose, translator
from .fonts import font_preloads

MAX_BODY = 64 * 1024  # the largest real callback request is well under 2 KB
# a 1 MB upload is 1.34 MB in base64, sent beside the events already kept (at most
# 2,000, about 1 MB more)
MAX_UPLOAD_BODY = 4 * 1024 * 1024
YEAR = "public, max-age=31536000, immutable"
DAY = "public, max-age=86400"
COMPRESSIBLE = [
    "text/html",
    "text/css",
    "text/plain",
    "application/json",
    "application/javascript",
    "text/javascript",
    "image/svg+xml",
]


def names_its_content(path: str, query: str) -> bool:
    """Whether a URL names its content, so it may be cached for good: Dash's component
    suites carry a version in the file name, assets a ?m= stamp."""
    return "/_dash-component-suites/" in path or (
        path.startswith("/assets/") and "m" in parse_qs(query, keep_blank_values=True)
    )


def fingerprinted() -> bool:
    """Whether the current request is a GET of a URL that names its content."""
    return request.method == "GET" and names_its_content(
        request.path, request.query_string.decode("latin-1")
    )


class CompressedFiles:
    """flask-compress cache backend for the fingerprinted files the page names (a fixed set,
    recorded at start-up by `_warm_up`), so that memory is bounded.

    The key is the file, not the URL: an asset's `?m=` stamp and the fingerprint in a
    component bundle's name only tell browsers when to fetch anew, and the app serves
    the same file whatever they say. So a made-up `?m=` is served from the one
    compressed copy (no new entry, no brotli work), and any other file, or a response
    other than a whole 200, is compressed afresh and never kept."""

    def __init__(self):
        self._bodies: dict[str, bytes] = {}
        self.files: frozenset[str] = frozenset()

    def __len__(self) -> int:
        return len(self._bodies)

    def _keeps(self, key: str) -> bool:
        # only a fingerprinted file is the same for everyone: the page and its layout
        # differ by language although the page names the layout (a preload)
        return fingerprinted() and key.split(";", 1)[1] in self.files and g.get("whole_file", False)

    def get(self, key):
        return self._bodies.get(key) if self._keeps(key) else None

    def set(self, key, value):
        if self._keeps(key):
            self._bodies.setdefault(key, value)


def file_key(url: str) -> str:
    """The file a URL names: its path, without the query and Dash's fingerprint."""
    path = urlsplit(url).path
    return check_fingerprint(path)[0] if path.startswith("/_dash-component-suites/") else path


def content_security_policy(app: Dash, frame_ancestors: tuple[str, ...]) -> str:
    """Only this origin; inline scripts only by hash. Styles may be inline because
    plotly.js and React set style attributes and plotly injects <style> elements."""
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *app.csp_hashes()],  # hashes come quoted
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'", *frame_ancestors],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def callback_problem(payload, app: Dash) -> str | None:
    """Why a callback request is malformed, or None if Dash may handle it."""
    if not isinstance(payload, dict):
        return "the body must be a JSON object"
    output = payload.get("output")
    if not isinstance(output, str) or output not in app.callback_map:
        return "unknown output"
    declared = app.callback_map[output]
    outputs = payload.get("outputs")
    several = output.startswith("..")  # Dash sends a list of outputs, else one object
    if not isinstance(outputs, list if several else dict):
        return f"'outputs' must be {'a list' if several else 'an object'} for this callback"
    declared_outputs = [
        tuple(o.split("@")[0].rsplit(".", 1)) for o in output.strip(".").split("...")
    ]
    sent_outputs = [  # a duplicate output's property carries "@<hash>", as in `output`
        (o.get("id"), str(o.get("property")).split("@")[0]) if isinstance(o, dict) else None
        for o in (outputs if several else [outputs])
    ]
    if sent_outputs != declared_outputs:
        return "'outputs' do not match the callback"
    for key in ("inputs", "state"):
        sent = payload.get(key, [])
        if not isinstance(sent, list) or not all(isinstance(i, dict) for i in sent):
            return f"'{key}' must be a list of objects"
        pairs = [(item.get("id"), item.get("property")) for item in sent]
        expected = [(dep["id"], dep["property"]) for dep in declared.get(key, [])]
        if pairs != expected:
            return f"'{key}' do not match the callback"
    changed = payload.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "'changedPropIds' must be a list of strings"
    return None


def body_limit(payload, app: Dash, uploads: tuple[str, ...]) -> int:
    """The largest body a (well-formed) callback request may have: MAX_UPLOAD_BODY if
    the callback takes one of the `uploads` components as input or state."""
    declared = app.callback_map[payload["output"]]
    taken = {dep["id"] for key in ("inputs", "state") for dep in declared.get(key, [])}
    return MAX_UPLOAD_BODY if taken & set(uploads) else MAX_BODY


def page_language(layout_path: str) -> str:
    """The language of the page the current request belongs to."""
    if request.path == layout_path:
        asked = parse_qs(urlsplit(request.referrer or "").query).get("lang", [])
    else:
        asked = request.args.getlist("lang")
    return choose(asked[-1] if asked else None, request.accept_languages)


class Layouts:
    """The page layout's JSON in each language, built the first time it is asked for
    and then kept: building one takes ~0.6 s, and most visitors need only one."""

    def __init__(self, build: Callable[[str], object]):
        self._build = build
        self._json: dict[str, str] = {}
        self._lock = threading.Lock()

    def json(self, lang: str) -> str:
        with self._lock:
            if lang not in self._json:
                self._json[lang] = to_json_plotly(self._build(lang))
            return self._json[lang]

    def etag(self, lang: str) -> str:
        """What names this layout's content: the same layout, the same tag."""
        return hashlib.sha256(self.json(lang).encode()).hexdigest()[:32]


def install(
    app: Dash,
    frame_ancestors: tuple[str, ...] = (),
    uploads: tuple[str, ...] = (),
    layout_for: Callable[[str], object] | None = None,
    health: Callable[[], dict[str, str]] | None = None,
    proxy_hops: int = 0,
    first_view: Callable[[str], str] | None = None,
) -> None:
    """Wire the HTTP layer into `app.server`. Call after every callback is registered,
    so that the CSP covers all of Dash's inline scripts. `uploads` names the components
    that carry a visitor's uploaded files or events; `layout_for(lang)` builds the page
    layout in a language (default: the app's layout, whatever the language); `health()`
    says how each part that may fail is doing ('ok', or why not), for /healthz;
    `proxy_hops`: how many proxies in front (the platform's router) add X-Forwarded-For,
    so that a visitor's address is theirs, not the router's. `first_view(lang)`: what
    the page shows until its scripts have drawn it, in a language (the app's index
    holds the English one)."""
    server = app.server
    if proxy_hops:
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=proxy_hops)
    server.config.update(
        MAX_CONTENT_LENGTH=MAX_UPLOAD_BODY,
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_MIMETYPES=COMPRESSIBLE,
        COMPRESS_BR_LEVEL=5,
        COMPRESS_CACHE_BACKEND=CompressedFiles,
        COMPRESS_CACHE_KEY=lambda req: file_key(req.path),
    )
    server.extensions["compress"] = Compress(server)
    policy = content_security_policy(app, frame_ancestors)
    layout_path = app.config.routes_pathname_prefix + "_dash-layout"
    callback_path = app.config.routes_pathname_prefix + "_dash-update-component"
    catch_all = app.config.routes_pathname_prefix + "<path:path>"
    layouts = Layouts(layout_for or (lambda _lang: app.get_layout()))
    layouts.json("en")  # the usual page, ready before the workers fork

    @server.before_request
    def serve_layout_once():
        if request.path == layout_path and request.method == "GET":
            lang = page_language(layout_path)
            # a warm load revalidates, and gets a 304 while the layout is the same
            # (flask-compress adds ":br" or ":gzip" to the tag of what it compressed)
            tag = layouts.etag(lang)
            asked = {t.split(":")[0] for t in request.if_none_match.as_set()}
            response = (
                Response(status=304)
                if tag in asked
                else Response(layouts.json(lang), mimetype="application/json")
            )
            response.headers["Vary"] = "Referer, Accept-Language"
            response.headers["Cache-Control"] = "no-cache"
            response.set_etag(tag)
            return response
        return None

    @server.before_request
    def refuse_malformed_callbacks():
        if request.path == callback_path and request.method == "POST":
            try:
                payload = request.get_json(silent=True)  # None for anything not JSON
            except RecursionError:  # nesting past the interpreter's limit
                return jsonify(error="bad callback request: the body is nested too deeply"), 400
            problem = callback_problem(payload, app)
            if problem:
                return jsonify(error=f"bad callback request: {problem}"), 400
            # the body as read: a chunked request has no Content-Length to go by
            if len(request.get_data()) > body_limit(payload, app, uploads):
                return too_large(None)
        return None

    @server.before_request
    def only_the_apps_own_paths():
        """Dash serves its page for any path (for apps with pages of their own); this
        app has one page, at `/` (its links differ by query), so `/.env` is a 404."""
        if request.url_rule is not None and request.url_rule.rule == catch_all:
            return not_found(None)
        return None

    @server.after_request
    def headers(response: Response) -> Response:
        if response.mimetype == "text/html" and not response.direct_passthrough:
            # the page: its language and title (runs before flask-compress's hook)
            lang = page_language(layout_path)
            page = response.get_data(as_text=True)
            page = page.replace('<html lang="en">', f'<html lang="{HTML_LANG[lang]}">', 1)
            title = f"<title>{app.title}</title>"
            page = page.replace(title, f"<title>{translator(lang)(app.title)}</title>", 1)
            page = page.replace(font_preloads("en"), font_preloads(lang), 1)
            if first_view and lang != "en":
                page = page.replace(first_view("en"), first_view(lang), 1)
            response.set_data(page)
            response.headers["Vary"] = "Accept-Language"
            # it names the fingerprinted files and the script hashes: always ask again
            response.headers["Cache-Control"] = "no-cache"
        response.headers["Content-Security-Policy"] = policy
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        if response.status_code >= 400:  # a missing file may be there after a deploy
            response.headers["Cache-Control"] = "no-store"
        elif request.path.startswith("/assets/"):
            response.headers["Cache-Control"] = YEAR if "m" in request.args else DAY
        elif "Cache-Control" not in response.headers:  # callbacks, /healthz: never kept
            response.headers["Cache-Control"] = "no-store"
        g.whole_file = response.status_code == 200
        if fingerprinted() and response.is_streamed:
            # a file response streams by default, and flask-compress caches only whole
            # bodies; these files are small enough to hold
            response.direct_passthrough = False
            response.set_data(response.get_data())
        return response

    @server.errorhandler(413)
    def too_large(_error):
        return jsonify(error="request body too large"), 413

    @server.errorhandler(404)
    @server.errorhandler(DependencyException)  # a path under Dash's bundles it does not have
    def not_found(_error):
        return Response("Not found", status=404, mimetype="text/plain")

    def healthz():
        """200 while the atlas serves (a platform restarts what fails its check); the
        body says which parts are degraded, e.g. class sets while the database is down."""
        parts = health() if health else {}
        degraded = {name: state for name, state in parts.items() if state != "ok"}
        return jsonify(status="degraded" if degraded else "ok", **parts)

    server.add_url_rule("/healthz", "healthz", healthz)
    _warm_up(app)


def _warm_up(app: Dash) -> None:
    """Render the page and compress its files once, before gunicorn forks (--preload),
    so that every worker, and every worker restarted later, starts ready:
    - Dash learns which script bundles it may serve while rendering its first page,
      and under threaded workers a bundle request racing that first page gets a 500
      (plotly/dash#3971; seen here in bench/load.py after each worker restart);
    - the brotli bodies of the page's fingerprinted files are cached from the start.
    """
    with app.server.test_client() as client:
        page = client.get("/")
        if page.status_code != 200:
            raise RuntimeError("the page did not render at start-up")
        named = re.findall(r'(?:src|href)="(/[^"]+)"', page.get_data(as_text=True))
        urls = [url for url in named if names_its_content(*urlsplit(url)[2:4])]
        app.server.extensions["compress"].cache.files = frozenset(map(file_key, urls))
        for url in urls:
            client.get(url, headers={"Accept-Encoding": "br"})  # what every browser takes
