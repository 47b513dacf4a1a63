"""What crosses the wire, second round: bounded memory, status codes and cache lifetimes
for what the app does not serve, body limits that chunked requests cannot bypass."""

from __future__ import annotations

import json
import re
import time

import memory
import pytest


def _compressed_cache(app):
    return app.server.extensions["compress"].cache


def test_the_compressed_cache_keeps_only_the_apps_own_files(app, client):
    """Any ?m= or fingerprint a visitor makes up is the same file: it is served from
    the one compressed copy, and the cache does not grow."""
    page = client.get("/").get_data(as_text=True)
    script = re.search(r'src="(/assets/plotly/[^"]+)\?m=[^"]+"', page).group(1)
    bundle = re.search(r'src="(/_dash-component-suites/dash/dcc/[^"]+)"', page).group(1)
    cache = _compressed_cache(app)
    size = len(cache)
    first = client.get(script + "?m=1", headers={"Accept-Encoding": "br"})
    for n in range(500):
        url = f"{script}?m=x{n}" if n % 2 else re.sub(r"m\d+", f"m{n}", bundle, count=1)
        reply = client.get(url, headers={"Accept-Encoding": "br"})
        assert reply.status_code == 200 and reply.headers["Content-Encoding"] == "br"
    assert len(cache) == size
    assert client.get(f"{script}?m=y", headers={"Accept-Encoding": "br"}).data == first.data


def test_a_real_workers_memory_stays_flat_over_500_made_up_asset_urls():
    """bench/memory.py, shortened: the Procfile's gunicorn, RSS read from /proc."""
    result = memory.run(requests=400, asset_urls=500)
    before = result["rss_mb"]["after 400 requests"]
    after = result["rss_mb"]["then after 500 made-up asset URLs"]
    assert result["failed_requests"] == 0 and result["workers_replaced"] == []
    assert all(after[pid] - before[pid] < 10 for pid in before), result


def test_a_store_over_the_cap_costs_no_more_than_the_cap(client):
    """12 files x 2,000 events (3.6 MB, under the upload body limit) come back with the
    request that redraws the map: only the first 2,000 are read."""
    from load import callback_body

    from dashboard import ids
    from dashboard.classroom.teacher import MAX_ROWS
    from dashboard.server.web import MAX_UPLOAD_BODY

    dependencies = client.get("/_dash-dependencies").get_json()
    event = {"title": "T", "start": "1950", "place": "P", "lat": 1, "lon": 2,
             "category": "turning point", "summary": "S", "source": "S", "quote": "Q"}  # fmt: skip
    store = {"files": [{"name": f"f{n}.csv", "events": [event] * MAX_ROWS} for n in range(12)]}
    # the callback also redraws for a class set (?set=); none here
    body = callback_body(
        dependencies, {f"{ids.YOUR_EVENTS}.data": store, f"{ids.CLASS_SET}.data": None}
    )
    assert 3_000_000 < len(json.dumps(body)) < MAX_UPLOAD_BODY
    started = time.perf_counter()
    reply = client.post("/_dash-update-component", json=body)
    elapsed = time.perf_counter() - started
    assert reply.status_code == 200
    shown = json.dumps(reply.get_json()["response"][ids.MAP]["figure"])
    assert len(set(re.findall(r'"(upload-[^"]+)"', shown))) == MAX_ROWS
    assert elapsed < 5, elapsed  # 49 s when each file was capped on its own


@pytest.mark.parametrize("depth", [100_000, 900])
def test_deeply_nested_callback_bodies_get_a_4xx(client, depth):
    """Nesting past the recursion limit cannot even be parsed; nesting just under it is
    parsed, and must not reach code that recurses further."""
    from load import callback_body

    from dashboard import ids

    dependencies = client.get("/_dash-dependencies").get_json()
    nested = "[" * depth + "]" * depth
    real = json.dumps(callback_body(dependencies, {f"{ids.URL}.search": "?year=1969"}))
    for body in (nested, real.replace('"?year=1969"', nested)):
        reply = client.post("/_dash-update-component", data=body, content_type="application/json")
        assert 400 <= reply.status_code < 500 or (depth < 1000 and reply.status_code == 200)
        assert "Traceback" not in reply.get_data(as_text=True)


def test_a_hostile_file_uploaded_in_the_page_is_reported_in_one_line(client):
    import base64

    from load import callback_body

    from dashboard import ids
    from tests.unit.test_teacher import HOSTILE_JSON

    dependencies = client.get("/_dash-dependencies").get_json()
    for what, data in HOSTILE_JSON.items():
        contents = "data:application/json;base64," + base64.b64encode(data).decode()
        body = callback_body(
            dependencies,
            {f"{ids.UPLOAD_FILE}.data": {"name": "evil.geojson", "contents": contents}},
            {f"{ids.YOUR_EVENTS}.data": None},
        )
        reply = client.post("/_dash-update-component", json=body)
        assert reply.status_code == 200, what
        assert "evil.geojson: not usable JSON" in reply.get_data(as_text=True), what


# --- what the app does not serve ---------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/.env",
        "/.git/config",
        "/wp-login.php",
        "/_dash-component-suites/dash/__init__.py",
        "/_dash-component-suites/dash/dcc/nope.js",
        "/_dash-component-suites/nope/x.js",
        "/assets/nope.js",
        "/assets/nope.js?m=123",
    ],
)
def test_unknown_paths_are_404_and_not_kept(client, path):
    reply = client.get(path)
    assert reply.status_code == 404
    assert "immutable" not in reply.headers.get("Cache-Control", "")
    assert "max-age" not in reply.headers.get("Cache-Control", "")
    text = reply.get_data(as_text=True)
    assert "Traceback" not in text and "registered" not in text
    assert reply.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("query", ["", "?year=1969", "?lang=zh&year=1950", "?event=x&mode=present"])
def test_the_pages_own_links_still_open_the_page_and_it_is_revalidated(client, query):
    reply = client.get("/" + query)
    assert reply.status_code == 200 and reply.mimetype == "text/html"
    assert reply.headers["Cache-Control"] == "no-cache"


def test_a_range_past_the_end_of_an_asset_is_416_and_not_kept(client):
    reply = client.get("/assets/js/00-core.js?m=1", headers={"Range": "bytes=999999999-"})
    assert reply.status_code == 416
    assert "max-age" not in reply.headers.get("Cache-Control", "")
    partial = client.get("/assets/js/00-core.js?m=1", headers={"Range": "bytes=0-9"})
    assert partial.status_code == 206 and len(partial.data) == 10


def test_a_chunked_body_is_held_to_the_same_limit(client):
    """Without Content-Length the body's length is known only once it is read."""
    import io

    from load import callback_body

    from dashboard import ids
    from dashboard.server.web import MAX_BODY

    dependencies = client.get("/_dash-dependencies").get_json()
    link = callback_body(dependencies, {f"{ids.URL}.search": "?year=1969"})
    for size, status in ((MAX_BODY * 60, 413), (100, 200)):
        body = json.dumps({**link, "pad": "x" * size}).encode()
        reply = client.post(
            "/_dash-update-component",
            input_stream=io.BytesIO(body),
            content_type="application/json",
            headers={"Transfer-Encoding": "chunked"},
            environ_overrides={"wsgi.input_terminated": True},  # as gunicorn sets it
        )
        assert reply.status_code == status, (size, reply.get_data(as_text=True)[:200])


def test_large_uploads_one_after_another_each_get_a_report_never_a_413(client):
    """Each upload request carries the file and every event already kept. Five files
    of 900 KB: every request stays under the body limit, and the one that would keep
    too much is refused with a message the page shows."""
    import base64

    from load import callback_body

    from dashboard import ids
    from dashboard.classroom.upload import MAX_STORE_BYTES
    from dashboard.server.web import MAX_UPLOAD_BODY
    from tests.unit.test_teacher import GOOD, as_csv

    dependencies = client.get("/_dash-dependencies").get_json()
    store, reports = None, []
    for n in range(5):
        rows = [{**GOOD, "title": f"File {n} visit {i}", "note": "n" * 2000} for i in range(400)]
        data = as_csv(*rows, columns=[*GOOD, "note"])
        assert 880_000 < len(data) < 1_000_000
        contents = "data:text/csv;base64," + base64.b64encode(data).decode()
        body = json.dumps(
            callback_body(
                dependencies,
                {f"{ids.UPLOAD_FILE}.data": {"name": f"f{n}.csv", "contents": contents}},
                {f"{ids.YOUR_EVENTS}.data": store},
            )
        )
        assert len(body) < MAX_UPLOAD_BODY, n
        reply = client.post("/_dash-update-component", data=body, content_type="application/json")
        assert reply.status_code == 200, (n, reply.get_data(as_text=True)[:200])
        response = reply.get_json()["response"]
        reports.append(json.dumps(response[ids.UPLOAD_REPORT]["children"]))
        store = response.get(ids.YOUR_EVENTS, {}).get("data", store)
        assert len(json.dumps(store, ensure_ascii=False).encode()) <= MAX_STORE_BYTES
    assert "Added 400 events from f0.csv" in reports[0]
    refused = [r for r in reports if "Remove your events first" in r]
    assert refused and "f4.csv" in refused[-1]
