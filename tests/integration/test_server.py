"""The app without a browser: routes, the callback endpoint, the CLI and settings."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import brotli
import pytest
from load import callback_body

from dashboard import ids
from dashboard.page.callbacks import render_details, view_from_url
from dashboard.server.config import ROOT, Settings


def test_index_healthz_and_layout(client):
    assert client.get("/").status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.get_json() == {"status": "ok", "class_sets": "ok"}
    assert health.headers["Cache-Control"] == "no-store"
    layout = client.get("/_dash-layout").get_data(as_text=True)
    for public_id in (ids.YEAR_SLIDER, ids.MAP, ids.TIMELINE, ids.DETAILS):
        assert f'"id":"{public_id}"' in layout.replace(" ", "")


def test_every_asset_is_served_by_the_app(client):
    page = client.get("/").get_data(as_text=True)
    assert "https://" not in page.split("_dash-config")[0]  # nothing in <head> from elsewhere
    for path in (
        "/assets/bootstrap.min.css",
        "/assets/topojson/world_110m.json",
        "/assets/fonts/atlas-cjk-common.woff2",
        "/assets/fonts/atlas-cjk-zh.woff2",
        "/assets/style/fonts.css",
        "/assets/js/00-core.js",
    ):
        assert client.get(path).status_code == 200, path


def _link_reply(client, search: str, lang: str = "en") -> dict:
    deps = json.loads(client.get("/_dash-dependencies").get_data(as_text=True))
    body = callback_body(
        deps, {f"{ids.URL}.search": search}, {f"{ids.PAGE_DATA}.data": {"lang": lang}}
    )
    reply = client.post("/_dash-update-component", json=body)
    assert reply.status_code == 200
    return reply.get_json()["response"]


def test_a_link_is_read_by_the_real_callback_endpoint(client):
    response = _link_reply(client, "?event=border-conflict-1969")
    assert response[ids.YEAR_SLIDER]["value"] == 1969
    assert response[ids.SELECTED_EVENT]["data"] == "border-conflict-1969"


def test_the_notices_of_a_link_are_in_the_pages_language(client):
    assert "链接中的年份必须在 1917 至 1991 之间" in json.dumps(
        _link_reply(client, "?year=1700&lang=zh", "zh")[ids.NOTICE], ensure_ascii=False
    )
    notice = json.dumps(_link_reply(client, "?lang=fr", "en")[ids.NOTICE])
    assert "The language in the link is not known; use en, zh or ru." in notice


def test_view_from_url_gives_a_notice_for_garbage(atlas, settings):
    year, event, notice, story, _ = view_from_url(
        "?year=<script>alert(1)</script>", atlas, settings
    )
    assert story == []
    assert (year, event) == (settings.default_year, None)
    assert len(notice) == 1 and "<script>" not in json.dumps(notice[0].to_plotly_json())


def test_details_show_source_quote_citation_and_note(atlas):
    text = json.dumps(
        [c.to_plotly_json() for c in render_details("gang-of-four-overthrown-1976", atlas)],
        default=lambda o: o.to_plotly_json(),
        ensure_ascii=False,
    )
    assert "The Gang of Four are overthrown" in text
    assert "in 1978, the Gang of Four were overthrown by Hua Guofeng" in text
    assert "Sino-Soviet relations (encyclopedia article)" in text
    assert "two years off" in text
    assert "北京" in text and "Пекин" in text


def test_details_of_nothing_is_the_hint(atlas):
    assert "Click an event" in str(render_details(None, atlas)[0].children)


def _cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def test_check_prints_a_summary(atlas):
    result = _cli("check")
    assert result.returncode == 0, result.stderr
    assert f"OK: {len(atlas.events)} events" in result.stdout
    assert "Events per decade:" in result.stdout and "  1960s" in result.stdout
    assert "Manchukuo (1932-03 to 1945-08)" in result.stdout


def test_check_refuses_broken_data_without_a_traceback(data_copy):
    (data_copy / "events.geojson").write_text("[not json", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "DATA_DIR": str(data_copy)}
    for command in (["check"], ["run", "--port", "8999"]):
        result = _cli(*command, env=env)
        assert result.returncode == 1
        assert "events.geojson: not valid JSON" in result.stderr
        assert "Traceback" not in result.stderr + result.stdout


def test_settings_default_to_production_and_read_the_environment():
    assert Settings.from_env({}).debug is False
    assert Settings.from_env({}).host == "127.0.0.1"
    custom = Settings.from_env({"PORT": "5000", "DEBUG": "true", "HOST": "0.0.0.0"})
    assert (custom.port, custom.debug, custom.host) == (5000, True, "0.0.0.0")
    with pytest.raises(SystemExit, match="PORT must be a number"):
        Settings.from_env({"PORT": "eighty"})


@pytest.mark.parametrize(
    "query, headers, lang, title",
    [
        ("?lang=zh", {"Accept-Language": "ru"}, "zh-Hans", "中国与苏维埃政权"),
        ("", {"Accept-Language": "ru-RU,ru;q=0.9"}, "ru", "Китай и советская власть"),
        ("?lang=xx&lang=en", {"Accept-Language": "zh-CN"}, "en", "China and Soviet power"),
    ],
)
def test_the_page_and_its_layout_are_in_the_language_asked_for(client, query, headers, lang, title):
    page = client.get("/" + query, headers=headers).get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    # compressed as a browser takes it, after the English layout has been compressed:
    # the compressed copy kept for the page's own files must not stand in for it
    client.get("/_dash-layout", headers={"Accept-Encoding": "br"})
    layout = client.get(
        "/_dash-layout",
        headers={**headers, "Referer": "http://localhost/" + query, "Accept-Encoding": "br"},
    )
    assert layout.headers["Content-Encoding"] == "br"

    # in the decoded layout: its bytes carry zh and ru as characters with orjson, as
    # \uXXXX escapes with the standard library's json
    def texts(node):
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            for value in node.values():
                yield from texts(value)
        elif isinstance(node, list):
            for item in node:
                yield from texts(item)

    assert any(title in text for text in texts(json.loads(brotli.decompress(layout.data))))
    assert "Referer" in layout.headers["Vary"]


def test_a_warm_load_gets_the_layout_as_not_modified(client):
    """The page layout is the same until the app changes: a browser that has it asks
    again (no-cache) and gets a 304 without a body, also after compression tagged it."""
    first = client.get("/_dash-layout", headers={"Accept-Encoding": "br"})
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-cache"
    again = client.get(
        "/_dash-layout",
        headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]},
    )
    assert again.status_code == 304 and again.data == b""
    other = client.get("/_dash-layout?lang=zh", headers={"Referer": "http://x/?lang=zh"})
    assert other.headers["ETag"] != first.headers["ETag"].replace(":br", "")
    stale = client.get("/_dash-layout", headers={"If-None-Match": '"0000"'})
    assert stale.status_code == 200 and len(stale.data) > 10_000


def test_the_page_asks_for_the_basemap_and_its_font_early(client):
    page = client.get("/").get_data(as_text=True)
    for fetched in ("/_dash-layout", "/_dash-dependencies"):
        assert f'<link rel="preload" href="{fetched}" as="fetch" crossorigin>' in page
    # named, for the page script that hands it to plotly.js (test_browser checks that)
    assert (
        '<link rel="preload" href="/assets/topojson/world_110m.json" as="fetch" crossorigin'
        ' data-basemap="world_110m">'
    ) in page
    assert 'href="/assets/fonts/atlas-cjk-common.woff2" as="font"' in page
    assert "atlas-cjk-zh.woff2" not in page
    assert "atlas-cjk-zh.woff2" in client.get("/?lang=zh").get_data(as_text=True)


@pytest.mark.parametrize(
    "query, title, current",
    [
        ("", "China and Soviet power", "English"),
        ("?lang=ru", "Китай и советская власть", "Русский"),
    ],
)
def test_the_first_response_shows_the_header_before_any_script_runs(client, query, title, current):
    """Issue 25: the header, as React will draw it, in the page's language, is in the
    first response where React draws the page; every script is deferred, and Dash's
    renderer starts once they have run: the header is painted before any script."""
    page = client.get("/" + query).get_data(as_text=True)
    entry = page[page.index('<div id="react-entry-point">') : page.index("<footer>")]
    assert f'<h1 class="atlas-title">{title}</h1>' in entry
    assert f'aria-current="true">{current}</a>' in entry
    assert '<div class="atlas-year" aria-live="polite">1950</div>' in entry  # the layout's
    assert "Loading" not in entry and " id=" not in entry.replace('id="react-entry-point"', "")
    assert "<script src=" not in page and page.count("<script defer src=") > 20
    renderer = re.search(r'<script id="_dash-renderer"[^>]*>(.*?)</script>', page).group(1)
    assert renderer.startswith("document.addEventListener('DOMContentLoaded'")
    assert "new DashRenderer(" in renderer


def test_a_first_view_is_made_of_html_components_only():
    from dash import dcc, html

    from dashboard.page.first_view import to_html

    assert to_html(html.P(["a < b", html.B("x", style={"fontSize": "2rem"})], id="p")) == (
        '<p>a &lt; b<b style="font-size:2rem">x</b></p>'
    )
    with pytest.raises(TypeError):
        to_html(html.Div(dcc.Input()))


def test_the_page_runs_plotly_last_with_dccs_first_parts_and_without_dash_table(client):
    """plotly.js comes in last (the biggest file), so the scripts before it run while it
    comes; dcc's graph, slider and upload parts come with the page instead of one by one
    once React meets them; dash_table, which the atlas does not use, not at all."""
    page = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'<script defer src="([^"]+)"', page)
    assert scripts[-1].startswith("/assets/plotly/plotly-geo.min.js?m=")
    assert sum("plotly" in src for src in scripts) == 1
    assert not any("dash_table" in src for src in scripts)
    parts = [src for src in scripts if "/dcc/async-" in src]
    assert [src.rsplit("/", 1)[1].split(".")[0] for src in parts] == [
        "async-graph",
        "async-slider",
        "async-upload",
    ]
    assert scripts.index(parts[0]) > max(i for i, s in enumerate(scripts) if "/dcc/dash_core" in s)
    for src in parts:
        reply = client.get(src)
        assert reply.status_code == 200 and b"webpackChunk" in reply.data
        assert "max-age=31536000" in reply.headers["Cache-Control"]  # fingerprinted


def test_the_page_loads_the_regenerator_runtime_in_place_of_dashs_polyfill(client):
    """Dash's bundles need `regeneratorRuntime` before React and themselves; the rest of
    the polyfill is not sent. The runtime is fingerprinted, so it is cached for good."""
    page = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'<script defer src="([^"]+)"', page)
    assert not any("polyfill" in src for src in scripts)
    assert scripts[0].startswith("/assets/vendor/regenerator-runtime.js?m=")
    assert sum("regenerator-runtime" in src for src in scripts) == 1  # not also as an asset
    runtime = client.get(scripts[0])
    assert runtime.status_code == 200 and b"regeneratorRuntime" in runtime.data
    assert "immutable" in runtime.headers["Cache-Control"]
