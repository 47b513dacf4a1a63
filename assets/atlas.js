/*
 * The atlas's clientside callbacks (namespace `atlas`).
 *
 * A year step never goes to the server. The map and timeline figures arrive once; each
 * map trace carries in `meta` its role and its points' years (dashboard/figures.py).
 *
 * Scrubbing has to answer within a frame or two, and Plotly redraws are too slow for
 * that: any change to geo data costs a full reprojection (~90 ms here), and moving the
 * timeline's year band ~80 ms. So a year step restyles the SVG nodes Plotly has
 * already drawn (every event is drawn in both its layers, every outline once, and the
 * band is slid sideways), and only when scrubbing pauses is the same state written
 * into both figures as Patches, so that Plotly's own data (hover, zoom, export) catches
 * up. After any Plotly redraw the current year is applied again. Selections and filter
 * changes go straight to the figures.
 *
 * The rules (phase, periodShown, basemapShown) mirror figures.event_phase,
 * period_active and basemap_active; the browser tests compare them.
 */
(function () {
    "use strict";

    var SYNC_AFTER_MS = 350;
    var view = null;       // what the page shows: {year, theaters, categories, mapFig}
    var syncTimer = null;
    var timeOrder = [];    // every event as {id, date, year}, earliest first
    var orderOf = null;    // the timeline figure timeOrder was read from
    var texts = {year: "Year"};  // the page's words (layout.page_texts), from paint

    function patch() { return new window.dash_clientside.Patch(); }
    function noUpdate() { return window.dash_clientside.no_update; }
    function pad(year) { return String(year).padStart(4, "0"); }
    function plot(id) { return document.querySelector("#" + id + " .js-plotly-plot"); }

    /* Resolve once both charts have been drawn: plotly.js loads lazily, and a figure
       Patch that lands before a Graph's first draw is lost. */
    function drawn() {
        var ready = function () {
            return ["map", "timeline"].every(function (id) {
                var gd = plot(id);
                return gd && gd._fullLayout;
            });
        };
        return new Promise(function (resolve) {
            (function poll() { return ready() ? resolve() : window.setTimeout(poll, 25); })();
        });
    }

    function phase(start, end, year) {
        if (start > year) { return "future"; }
        return year <= end ? "current" : "past";
    }

    /* What `view` shows, trace by trace: one place for the DOM and the Patch paths. */
    function rules(v) {
        var theaters = new Set(v.theaters || []), categories = new Set(v.categories || []);
        var layers = v.mapFig.layout.meta.layers;
        var first = pad(v.year) + "-01-01", last = pad(v.year) + "-12-31";
        var mid = pad(v.year) + "-07-01";
        return {
            layers: layers,
            categoryShown: function (m) { return categories.has(m.category); },
            eventShown: function (m, j) {
                return phase(m.start[j], m.end[j], v.year) === m.layer && theaters.has(m.theater[j]);
            },
            shapeOpacity: function (m) {
                var ph = phase(m.start, m.end, v.year);
                return ph !== "future" && theaters.has(m.theater) ? layers[ph].shape_opacity : 0;
            },
            periodShown: function (m, j) {
                var from = j === undefined ? m.from : m.from[j], to = j === undefined ? m.to : m.to[j];
                return from <= last && to >= first;
            },
            basemapShown: function (m, j) { return m.from[j] <= mid && mid <= m.to[j]; }
        };
    }

    function indices(arr) { return arr.map(function (_, j) { return j; }); }

    /* The year, filters and selection as a Patch of the map figure. */
    function mapPatch(v, selected) {
        var fig = v.mapFig, r = rules(v), meta = fig.layout.meta, p = patch();
        fig.data.forEach(function (trace, i) {
            var m = trace.meta || {}, seen;
            if (m.role === "events") {
                seen = indices(m.start).map(function (j) { return r.eventShown(m, j); });
                p.assign(["data", i, "marker", "opacity"],
                         seen.map(function (on) { return on ? r.layers[m.layer].opacity : 0; }));
                p.assign(["data", i, "hoverinfo"], seen.map(function (on) { return on ? "text" : "skip"; }));
                p.assign(["data", i, "visible"], r.categoryShown(m));
            } else if (m.role === "shape") {
                p.assign(["data", i, "opacity"], r.shapeOpacity(m));
                p.assign(["data", i, "visible"], r.categoryShown(m));
            } else if (m.role === "period") {
                p.assign(["data", i, "opacity"], r.periodShown(m) ? 1 : 0);
            } else if (m.role === "period-labels") {
                seen = indices(m.from).map(function (j) { return r.periodShown(m, j); });
                p.assign(["data", i, "textfont", "color"],
                         seen.map(function (on) { return on ? meta.label_ink : meta.hidden_ink; }));
                p.assign(["data", i, "hoverinfo"], seen.map(function (on) { return on ? "text" : "skip"; }));
            } else if (m.role === "basemap") {
                seen = indices(m.from).map(function (j) { return r.basemapShown(m, j); });
                p.assign(["data", i, "marker", "opacity"], seen.map(function (on) { return on ? 1 : 0; }));
                p.assign(["data", i, "hoverinfo"], seen.map(function (on) { return on ? "all" : "skip"; }));
            }
        });
        if (selected !== undefined) {
            var at = selected ? findEvent(fig, selected) : null, hi = highlightIndex(fig);
            p.assign(["data", hi, "lon"], at ? [at.lon] : []);
            p.assign(["data", hi, "lat"], at ? [at.lat] : []);
            if (at) { centre(p, fig, at); }
        }
        return p.build();
    }

    /* The timeline's year band (shapes[0]) and selection ring, as a Patch of the figure
       on the page, or applied to a whole figure (the events put in after the frame). */
    function band(year) { return {x0: pad(year) + "-01-01", x1: pad(year) + "-12-31"}; }

    function bandPatch(p, year) {
        var at = band(year);
        return p.assign(["layout", "shapes", 0, "x0"], at.x0).assign(["layout", "shapes", 0, "x1"], at.x1);
    }

    function ringAt(onLine) { return {x: onLine ? [onLine.x] : [], y: onLine ? [onLine.y] : []}; }

    function timelineWith(fig, year, onLine) {
        var data = fig.data.slice(), shapes = fig.layout.shapes.slice(), hi = highlightIndex(fig);
        data[hi] = Object.assign({}, data[hi], ringAt(onLine));
        shapes[0] = Object.assign({}, shapes[0], band(year));
        return {data: data, layout: Object.assign({}, fig.layout, {shapes: shapes})};
    }

    /* The same year on the SVG Plotly has drawn: opacity of nodes, and the per-point
       hoverinfo Plotly's hover reads, so hidden events cannot be hovered. */
    function paintMap(gd, v) {
        var r = rules(v), meta = v.mapFig.layout.meta;
        gd.querySelectorAll(".geo g.trace").forEach(function (g) {
            var cd = g.__data__, trace = cd && cd[0] && cd[0].trace;
            var m = (trace && trace.meta) || {};
            if (m.role === "events") {
                g.querySelectorAll("path.point").forEach(function (node) {
                    var on = r.eventShown(m, node.__data__.i);
                    node.style.opacity = on ? r.layers[m.layer].opacity : 0;
                    node.__data__.hi = on ? "text" : "skip";
                });
            } else if (m.role === "shape") {
                g.style.opacity = r.shapeOpacity(m);
            } else if (m.role === "period") {
                g.style.opacity = r.periodShown(m) ? 1 : 0;
            } else if (m.role === "period-labels") {
                g.querySelectorAll("text").forEach(function (node) {
                    var on = r.periodShown(m, node.__data__.i);
                    node.style.fill = meta.label_ink;
                    node.style.fillOpacity = on ? 1 : 0;
                    node.__data__.hi = on ? "text" : "skip";
                });
            } else if (m.role === "basemap") {
                g.querySelectorAll("path.choroplethlocation").forEach(function (node) {
                    var on = r.basemapShown(m, node.__data__.i);
                    node.style.opacity = on ? 1 : 0;
                    node.__data__.hi = on ? "all" : "skip";
                });
            }
        });
        gd.dispatchEvent(new CustomEvent("atlas-painted", {detail: {year: v.year}}));
    }

    /* Slide the drawn year band from the figure's year to `year`. */
    function paintTimeline(gd, year) {
        var band = gd.querySelector(".shapelayer path[data-index='0']");
        var xa = gd._fullLayout.xaxis, drawnAt = gd._fullLayout.shapes[0].x0;
        if (band) {
            var dx = xa.l2p(xa.d2l(pad(year) + "-01-01")) - xa.l2p(xa.d2l(drawnAt));
            band.setAttribute("transform", "translate(" + dx.toFixed(2) + ",0)");
        }
        gd.dispatchEvent(new CustomEvent("atlas-painted", {detail: {year: year}}));
    }

    /* Write the shown state into the figures once scrubbing pauses. */
    function scheduleSync() {
        window.clearTimeout(syncTimer);
        syncTimer = window.setTimeout(function () {
            window.dash_clientside.set_props("map", {figure: mapPatch(view)});
            window.dash_clientside.set_props("timeline", {figure: bandPatch(patch(), view.year).build()});
        }, SYNC_AFTER_MS);
    }

    /* Re-apply the shown year after every Plotly redraw (zoom, resize, the sync). */
    function hook() {
        var map = plot("map"), timeline = plot("timeline");
        if (map.__atlasHooked) { return; }
        map.__atlasHooked = true;
        map.on("plotly_afterplot", function () { if (view) { paintMap(map, view); } });
        timeline.on("plotly_afterplot", function () { if (view) { paintTimeline(timeline, view.year); } });
    }

    function findEvent(fig, id) {
        for (var i = 0; i < fig.data.length; i++) {
            var trace = fig.data[i], m = trace.meta || {};
            var j = m.role === "events" ? trace.customdata.indexOf(id) : -1;
            if (j >= 0) { return {lon: trace.lon[j], lat: trace.lat[j], start: m.start[j]}; }
        }
        return null;
    }

    function findOnTimeline(fig, id) {
        for (var i = 0; i < fig.data.length; i++) {
            var trace = fig.data[i];
            var j = trace.customdata ? trace.customdata.indexOf(id) : -1;
            if (j >= 0) { return {x: trace.x[j], y: trace.y[j]}; }
        }
        return null;
    }

    /* Mirrors figures.stage_ranges: keep the view if the event is well inside it,
       else centre a view of the same size on the event. */
    function centre(p, fig, at) {
        var geo = fig.layout.geo, lon = geo.lonaxis.range, lat = geo.lataxis.range;
        var halfLon = (lon[1] - lon[0]) / 2, halfLat = (lat[1] - lat[0]) / 2;
        if (Math.abs(at.lon - (lon[0] + halfLon)) < 0.8 * halfLon &&
                Math.abs(at.lat - (lat[0] + halfLat)) < 0.8 * halfLat) { return; }
        var mid = Math.min(Math.max(at.lat, -90 + halfLat), 90 - halfLat);
        p.assign(["layout", "geo", "lonaxis", "range"], [at.lon - halfLon, at.lon + halfLon]);
        p.assign(["layout", "geo", "lataxis", "range"], [mid - halfLat, mid + halfLat]);
    }

    function highlightIndex(fig) {
        return fig.data.findIndex(function (t) { return (t.meta || {}).role === "highlight"; });
    }

    function clickedId(click) {
        var point = click && click.points && click.points[0];
        return point && typeof point.customdata === "string" ? point.customdata : null;
    }

    /* dcc.Slider has no prop for its thumb's accessible name, so it is set here. */
    function nameSlider() {
        var thumb = document.querySelector("#year-slider [role=slider]");
        if (thumb && !thumb.hasAttribute("aria-label")) { thumb.setAttribute("aria-label", texts.year); }
    }

    function eventsInTimeOrder(timelineFig) {
        var out = [];
        timelineFig.data.forEach(function (trace) {
            (trace.customdata || []).forEach(function (id, j) {
                var date = String(trace.x[j]);
                out.push({id: id, date: date, year: parseInt(date.slice(0, 4), 10)});
            });
        });
        return out.sort(function (a, b) { return a.date < b.date ? -1 : a.date > b.date ? 1 : (a.id < b.id ? -1 : 1); });
    }

    /* Page Down / Page Up (what a clicker sends): the next or previous event in time,
       from the selected one, or else from the shown year. */
    function neighbour(forward) {
        var at = timeOrder.findIndex(function (e) { return e.id === view.selected; });
        if (at >= 0) { return timeOrder[at + (forward ? 1 : -1)] || null; }
        var candidates = timeOrder.filter(function (e) { return forward ? e.year >= view.year : e.year <= view.year; });
        return forward ? candidates[0] || null : candidates[candidates.length - 1] || null;
    }

    function showYear(year) {
        window.dash_clientside.set_props("year-slider", {value: Math.min(1991, Math.max(1917, year))});
    }

    /* Keys for a teacher at the front of the room. The slider keeps its own arrow,
       Home and End keys when it has focus; nothing is taken while the user types in
       a field, or from a button, link or checkbox that Space or Enter would press. */
    function onKey(e) {
        if (!view || e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) { return; }
        var target = e.target instanceof Element ? e.target : document.body;
        if (target.closest("input, textarea, select, [contenteditable]")) { return; }
        var onSlider = !!target.closest("#year-slider");
        var pressable = !!target.closest("button, a, summary");
        switch (e.key) {
        case "ArrowLeft":
        case "ArrowRight":
            if (onSlider) { return; }
            showYear(view.year + (e.key === "ArrowRight" ? 1 : -1));
            break;
        case "Home":
        case "End":
            if (onSlider) { return; }
            showYear(e.key === "Home" ? 1917 : 1991);
            break;
        case "PageUp":
        case "PageDown":
            var next = neighbour(e.key === "PageDown");
            if (!next) { return; }
            window.dash_clientside.set_props("selected-event", {data: next.id});
            showYear(next.year);
            break;
        case " ":
            if (pressable) { return; }
            document.getElementById("play-button").click();
            break;
        case "Escape":
            if (!view.selected) { return; }
            window.dash_clientside.set_props("selected-event", {data: null});
            break;
        default:
            return;
        }
        e.preventDefault();
        e.stopPropagation();
    }

    document.addEventListener("keydown", onKey, true);

    /* A language link opens the page in that language on the same view: the address
       bar already holds year, event, story and mode (writeUrl, present). */
    document.addEventListener("click", function (e) {
        var a = e.target instanceof Element ? e.target.closest("a.atlas-lang-link") : null;
        if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) { return; }
        var params = new URLSearchParams(window.location.search);
        params.set("lang", new URLSearchParams(a.getAttribute("href").slice(1)).get("lang"));
        e.preventDefault();
        window.location.assign("?" + params.toString());
    });

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        atlas: {
            /* The one writer of both figures. Returns [map, timeline, header year]. */
            paint: function (year, theaters, categories, selected, timelineFull, mapFig, timelineFig,
                             pageTexts) {
                texts = pageTexts || texts;
                var triggers = ((window.dash_clientside.callback_context || {}).triggered || [])
                    .map(function (t) { return t.prop_id; });
                var onlyYear = triggers.length === 1 && triggers[0] === "year-slider.value";
                view = {year: year, theaters: theaters, categories: categories, mapFig: mapFig,
                        selected: selected};
                if (orderOf !== timelineFull) {
                    timeOrder = eventsInTimeOrder(timelineFull);
                    orderOf = timelineFull;
                }
                var shown = view;
                /* The page opens with the timeline's frame only (figures.timeline_frame);
                   its events go in once the map has been drawn, and again whenever they
                   change (a visitor's uploaded events). */
                var framed = highlightIndex(timelineFig) < 0 ||
                    triggers.indexOf("timeline-events.data") >= 0;
                var onLine = selected ? findOnTimeline(timelineFull, selected) : null;
                var ring = ringAt(onLine), hi = highlightIndex(timelineFull);
                var timeline = framed ? timelineWith(timelineFull, year, onLine)
                    : bandPatch(patch(), year).assign(["data", hi, "x"], ring.x)
                        .assign(["data", hi, "y"], ring.y).build();
                return drawn().then(function () {
                    hook();
                    nameSlider();
                    if (onlyYear && !framed) {
                        paintMap(plot("map"), shown);
                        paintTimeline(plot("timeline"), shown.year);
                        scheduleSync();
                        return [noUpdate(), noUpdate(), String(year)];
                    }
                    window.clearTimeout(syncTimer);
                    return [mapPatch(shown, selected), timeline, String(year)];
                });
            },

            /* A click on either chart selects the event and moves the slider to its year. */
            select: function (mapClick, timelineClick, mapFig) {
                var trigger = (window.dash_clientside.callback_context.triggered[0] || {}).prop_id || "";
                var id = clickedId(trigger.indexOf("timeline") === 0 ? timelineClick : mapClick);
                var found = id ? findEvent(mapFig, id) : null;
                return found ? [id, found.start] : [noUpdate(), noUpdate()];
            },

            /* Keep the address bar on the current view, so a teacher can share the moment. */
            /* Keep the address bar on the current view, so a teacher can share the
               moment. While the view is a chapter's or a tour step's, the link is that
               story's own (?tour=3); the mode (?mode=present) is always kept. */
            writeUrl: function (year, id, story) {
                var params = new URLSearchParams(window.location.search);
                ["year", "event", "tour", "chapter"].forEach(function (k) { params.delete(k); });
                if (story && story.year === year && (story.event || null) === (id || null)) {
                    new URLSearchParams(story.params).forEach(function (v, k) { params.set(k, v); });
                } else {
                    params.set("year", String(year));
                    /* an uploaded event lives in this browser only: a link cannot name it */
                    if (id && id.indexOf("upload-") !== 0) { params.set("event", id); }
                }
                window.history.replaceState(null, "", "?" + params.toString());
            },

            /* Projector mode, from ?mode=present or the toggle: a class on <html> that
               the stylesheet reads (outside React, so no re-render undoes it). */
            present: function (clicks, search, pageTexts) {
                var trigger = ((window.dash_clientside.callback_context.triggered || [])[0] || {}).prop_id || "";
                var root = document.documentElement, on;
                var was = root.classList.contains("atlas-present");
                if (trigger.indexOf("present-toggle") === 0) {
                    on = !was;
                } else {  // a link followed inside the page (chapters, tour) keeps the mode
                    on = was || new URLSearchParams(search || "").get("mode") === "present";
                }
                var params = new URLSearchParams(window.location.search);
                if (on) { params.set("mode", "present"); } else { params.delete("mode"); }
                window.history.replaceState(null, "", "?" + params.toString());
                root.classList.toggle("atlas-present", on);
                window.dispatchEvent(new Event("resize"));  // the plots refit their boxes
                return [on ? "true" : "false", on ? pageTexts.leave_present : pageTexts.present];
            },

            /* The map as shown, at projector size. */
            exportPng: function () {
                return window.Plotly.downloadImage(plot("map"), {
                    format: "png", width: 1920, height: 1080,
                    filename: "atlas-map-" + (view ? view.year : "")
                });
            },

            /* A file too big is refused here, before it is sent; the server checks the
               rest (dashboard/upload.py). The upload is emptied, so the same file can be
               chosen again once it has been corrected. */
            checkUpload: function (contents, name, limits) {
                if (!contents) { return [noUpdate(), noUpdate()]; }
                window.dash_clientside.set_props("upload", {contents: null});
                var payload = contents.slice(contents.indexOf(",") + 1);
                var bytes = Math.floor(payload.length * 3 / 4);
                if (bytes > limits.bytes) {
                    return [noUpdate(), limits.too_big.replace("{name}", name || "The file")];
                }
                return [{name: name, contents: contents}, noUpdate()];
            },

            removeYours: function () { return [{files: []}, null]; },

            togglePlay: function (clicks, disabled, year, pageTexts) {
                var starting = disabled !== false;
                var restart = starting && year >= 1991;
                return [!starting, starting ? pageTexts.pause : pageTexts.play,
                        restart ? 1917 : noUpdate()];
            },

            tick: function (ticks, year, pageTexts) {
                if (year >= 1991) { return [noUpdate(), true, pageTexts.play]; }
                return [year + 1, year + 1 >= 1991, year + 1 >= 1991 ? pageTexts.play : noUpdate()];
            }
        }
    });
})();
