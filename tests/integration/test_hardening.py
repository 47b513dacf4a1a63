"""Hostile input over HTTP: links, callback requests, headers. Nothing breaks or leaks."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from load import callback_body  # what bench/load.py's visitors send, as the browser does

from dashboard import create_app, ids
from dashboard.atlas.urlstate import MAX_QUERY, parse_query
from dashboard.server.config import Settings
from dashboard.server.web import MAX_BODY, MAX_UPLOAD_BODY

CALLBACK = "/_dash-update-component"


@pytest.fixture(scope="module")
def dependencies(client):
    return client.get("/_dash-dependencies").get_json()


def assert_no_traceback(reply):
    text = reply.get_data(as_text=True)
    assert "Traceback" not in text and 'File "' not in text


# --- headers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/"),
        ("GET", "/_dash-layout"),
        ("GET", "/assets/atlas.css"),
        ("GET", "/healthz"),
        ("GET", "/no-such-page"),
        ("POST", CALLBACK),
    ],
)
def test_every_response_carries_the_security_headers(client, method, path):
    reply = client.open(path, method=method, data="{}", content_type="application/json")
    csp = reply.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'self'" in csp
    assert "script-src 'self' 'sha256-" in csp and "unsafe-eval" not in csp
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert reply.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_every_inline_script_of_the_page_is_allowed_by_hash_and_nothing_else(client):
    reply = client.get("/")
    page = re.sub(r"<!--.*?-->", "", reply.get_data(as_text=True), flags=re.S)
    inline = [
        body
        for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
        if "src=" not in attributes and "application/json" not in attributes
    ]
    assert inline, "Dash starts its renderer with an inline script"
    policy = reply.headers["Content-Security-Policy"]
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src")).split()[1:]
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in inline
    }
    assert set(script_src) == {"'self'"} | hashes


def test_framing_is_allowed_only_for_configured_origins(atlas):
    settings = Settings.from_env({"FRAME_ANCESTORS": "https://lms.school.example"})
    client = create_app(settings, atlas).server.test_client()
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://lms.school.example" in csp
    with pytest.raises(SystemExit, match="FRAME_ANCESTORS"):
        Settings.from_env({"FRAME_ANCESTORS": "javascript:alert(1)"})


def test_production_by_default_no_dev_tools(client):
    config = re.search(
        r'<script id="_dash-config" type="application/json">(.*?)</script>',
        client.get("/").get_data(as_text=True),
    )
    dash_config = json.loads(config.group(1))
    assert dash_config["ui"] is False and dash_config["props_check"] is False
    assert Settings.from_env({}).debug is False


def test_fingerprinted_files_are_cached_for_good_and_compressed(client):
    page = client.get("/").get_data(as_text=True)
    script = re.search(r'src="(/assets/plotly/[^"]+\?m=[^"]+)"', page).group(1)
    reply = client.get(script, headers={"Accept-Encoding": "br, gzip"})
    assert reply.headers["Content-Encoding"] == "br"
    assert "immutable" in reply.headers["Cache-Control"]
    again = client.get(script, headers={"Accept-Encoding": "br, gzip"})
    assert again.get_data() == reply.get_data()  # served from the compressed cache
    plain = client.get("/assets/topojson/world_110m.json")
    assert plain.headers["Cache-Control"] == "public, max-age=86400"


# --- links ------------------------------------------------------------------------

HOSTILE = [
    "?year=<script>alert(1)</script>",
    "?year=99999999999999999999999999999",
    "?year=-1969",
    "?event=../../../../etc/passwd",
    "?event=%00%01%02%1b[31m",
    "?year=1969&year=<img src=x onerror=alert(1)>",
    "?lang=xx&mode=<b>",
    "?" + "year=1969&" * 500,
]


@pytest.mark.parametrize("query", HOSTILE)
def test_a_hostile_link_gets_the_page_and_the_default_view(client, dependencies, query):
    page = client.get("/" + query)
    assert page.status_code == 200
    assert "<script>alert" not in page.get_data(as_text=True)
    body = callback_body(dependencies, {f"{ids.URL}.search": query})
    reply = client.post(CALLBACK, json=body)
    assert reply.status_code == 200
    response = reply.get_json()["response"]
    assert 1917 <= response[ids.YEAR_SLIDER]["value"] <= 1991
    assert response[ids.NOTICE]["children"], "a notice says the link was not understood"
    text = json.dumps(response)
    assert "<script" not in text and "onerror" not in text and "passwd" not in text


# Every notice a link can bring, in the page's own words (the longest link gets its own).
OWN_WORDING = json.dumps(
    [
        parse_query(q, {"e": 1950}, 1950, {"c": 1950}, ("e",)).notices
        for q in ("?year=x&event=x&mode=x&chapter=x&tour=x&lang=x&other=x", "x" * (MAX_QUERY + 1))
    ]
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        st.sampled_from(["year", "event", "lang", "mode", "tour", "chapter", "x", "%00"]),
        st.text(max_size=60),
        max_size=4,
    )
)
def test_fuzzed_links_never_fail_nor_reflect(client, dependencies, params):
    from urllib.parse import urlencode

    query = "?" + urlencode(params)
    assert client.get("/" + query).status_code == 200
    reply = client.post(CALLBACK, json=callback_body(dependencies, {f"{ids.URL}.search": query}))
    assert reply.status_code == 200
    response = reply.get_json()["response"]
    assert 1917 <= response[ids.YEAR_SLIDER]["value"] <= 1991
    # what the page says, not the markup around it ("warning" is an Alert's colour)
    alerts = response[ids.NOTICE]["children"]
    notices = json.dumps([alert["props"]["children"] for alert in alerts])
    for value in params.values():
        # a value that is part of the notices' own wording ("ignore") is not an echo
        if len(value) >= 6 and json.dumps(value)[1:-1] not in OWN_WORDING:
            assert json.dumps(value)[1:-1] not in notices


# --- malformed callback requests --------------------------------------------------


def _details(dependencies, event, store=None) -> dict:
    return callback_body(
        dependencies, {f"{ids.SELECTED_EVENT}.data": event}, {f"{ids.YOUR_EVENTS}.data": store}
    )


def test_malformed_callback_requests_get_a_4xx_with_a_reason(client, dependencies):
    good = _details(dependencies, "border-conflict-1969")
    assert client.post(CALLBACK, json=good).status_code == 200
    link = callback_body(dependencies, {f"{ids.URL}.search": "?year=1969"})
    cases = {
        "not JSON": (b"{not json", 400),
        "not an object": (b"[1, 2]", 400),
        "unknown output": (json.dumps({**good, "output": "nope.children"}).encode(), 400),
        "wrong outputs": (json.dumps({**good, "outputs": [good["outputs"]]}).encode(), 400),
        "wrong inputs": (
            json.dumps({**good, "inputs": [{"id": "map", "property": "figure"}]}).encode(),
            400,
        ),
        "inputs not a list": (json.dumps({**good, "inputs": "x"}).encode(), 400),
        "oversized": (json.dumps({**link, "pad": "x" * MAX_BODY}).encode(), 413),
        # a callback that carries uploaded events may send more, but not without bound
        "oversized upload": (json.dumps({**good, "pad": "x" * MAX_UPLOAD_BODY}).encode(), 413),
    }
    for what, (body, status) in cases.items():
        reply = client.post(CALLBACK, data=body, content_type="application/json")
        assert reply.status_code == status, what
        assert reply.get_json()["error"], what
        assert_no_traceback(reply)


def test_a_wrongly_typed_value_is_harmless(client, dependencies):
    weird = (12, None, {"a": 1}, ["x"], "x" * 5000)
    for value in weird:
        reply = client.post(CALLBACK, json=_details(dependencies, value))
        assert reply.status_code == 200
        assert "Click an event" in reply.get_data(as_text=True)
    for store in (*weird, {"files": "x"}, {"files": [{"name": 1}, {"name": "a", "events": 3}]}):
        reply = client.post(CALLBACK, json=_details(dependencies, "border-conflict-1969", store))
        assert reply.status_code == 200
        assert "Border" in reply.get_data(as_text=True)


def test_uploaded_events_may_make_a_body_larger_than_other_callbacks(client, dependencies):
    """Two thousand events kept in a browser come back with an event's details."""
    event = {"title": "T", "start": "1950", "place": "P", "lat": 1, "lon": 2,
             "category": "turning point", "summary": "S " * 100, "source": "Src",
             "quote": "Q"}  # fmt: skip
    store = {"files": [{"name": "big.csv", "events": [event] * 2000}]}
    body = json.dumps(_details(dependencies, "border-conflict-1969", store)).encode()
    assert MAX_BODY < len(body) < MAX_UPLOAD_BODY
    reply = client.post(CALLBACK, data=body, content_type="application/json")
    assert reply.status_code == 200


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_fuzzed_callback_requests_never_get_a_5xx(client, dependencies, data):
    """Take a real request and replace one part of it with arbitrary JSON."""
    body = callback_body(dependencies, {f"{ids.URL}.search": "?year=1969"})
    key = data.draw(st.sampled_from(["output", "outputs", "inputs", "state", "changedPropIds"]))
    body[key] = data.draw(json_values)
    reply = client.post(CALLBACK, json=body)
    assert reply.status_code < 500, (key, body[key], reply.get_data(as_text=True)[:200])
    assert_no_traceback(reply)


def test_a_fresh_process_serves_script_bundles_before_any_page(atlas):
    """A worker (re)started under load gets bundle requests before it renders a page."""
    page = create_app(Settings(), atlas).server.test_client().get("/").get_data(as_text=True)
    bundles = re.findall(r'src="(/_dash-component-suites/[^"]+)"', page)
    fresh = create_app(Settings(), atlas).server.test_client()
    assert bundles and all(fresh.get(url).status_code == 200 for url in bundles)


# --- uploads ------------------------------------------------------------------------

CSV_HEADER = b"title,start,end,place,lat,lon,category,summary,source,quote\n"


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(["a.csv", "a.geojson", "a.json", "a.xlsx", "", "../../etc/passwd"]),
    body=st.one_of(
        st.binary(max_size=600),
        st.binary(max_size=300).map(lambda b: CSV_HEADER + b),
        st.text(max_size=300).map(lambda t: (CSV_HEADER.decode() + t).encode()),
        st.just(b'{"type": "FeatureCollection", "features": [{"geometry": 5}]}'),
    ),
    store=st.one_of(st.none(), st.just({"files": "x"}), st.just({"files": [{"name": 3}]})),
)
def test_any_uploaded_file_gets_a_report_never_a_failure(client, dependencies, name, body, store):
    """A file that is not what it claims, or not a file at all, is reported, and the
    events a browser had are never replaced by nothing."""
    contents = "data:text/csv;base64," + base64.b64encode(body).decode()
    request = callback_body(
        dependencies,
        {f"{ids.UPLOAD_FILE}.data": {"name": name, "contents": contents}},
        {f"{ids.YOUR_EVENTS}.data": store},
    )
    reply = client.post(CALLBACK, json=request)
    assert reply.status_code == 200
    response = reply.get_json()["response"]
    assert response[ids.UPLOAD_REPORT]["children"]  # what became of the file, said
    kept = response.get(ids.YOUR_EVENTS, {}).get("data")
    assert kept is None or kept["files"]  # either unchanged, or with events in it
    assert "../" not in json.dumps(response)  # a file's name is only ever its base name
