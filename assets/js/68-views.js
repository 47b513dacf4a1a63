/*
 * The map's view: which part of the world it shows, fitted to fill its frame.
 *
 * Plotly fits a geo map's lon/lat ranges inside its frame keeping their shape, and
 * leaves the rest of the frame blank: a band on each side, or above and below. So the
 * page asks for a view (the part that must be seen: the stage, a chapter's, a tour
 * step's; dashboard/atlas/chapters.py) and widens it along one axis until the ranges'
 * shape, drawn by the map's projection, is the frame's: Plotly then draws sea and land
 * to every edge. The figure's first draw is fitted already (Plotly.react is given the
 * fitted ranges), a resize is fitted again once Plotly has redrawn, and a chapter or a
 * tour step shows its own view, the overview again once the page has left it.
 *
 * The shape is computed with the projection's own formula (Natural Earth, d3's
 * geoNaturalEarth1Raw) over the same polygon Plotly fits: the ranges' corners and three
 * points on each parallel edge, joined by great circles (plotly.js geo's makeRangeBox).
 */
(function () {
    "use strict";

    var A = window.atlas;
    var RAD = Math.PI / 180, CLIP_PAD = 0.001, SAMPLES = 32;

    /* d3-geo's geoNaturalEarth1Raw, in radians */
    function naturalEarth(lambda, phi) {
        var phi2 = phi * phi, phi4 = phi2 * phi2;
        return [
            lambda * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4))),
            phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4)))
        ];
    }

    function unit(lon, lat) {
        var l = lon * RAD, p = lat * RAD;
        return [Math.cos(p) * Math.cos(l), Math.cos(p) * Math.sin(l), Math.sin(p)];
    }

    /* The extent of the ranges' polygon, projected about `lon0`: {x0, x1, y0, y1}. */
    function extent(west, east, south, north, lon0) {
        var a = west + CLIP_PAD, b = east - CLIP_PAD, s = south + CLIP_PAD, n = north - CLIP_PAD;
        var q = (b - a) / 4, out = {x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity};
        var corners = [[a, s], [a, n], [a + q, n], [a + 2 * q, n], [a + 3 * q, n], [b, n],
                       [b, s], [b - q, s], [b - 2 * q, s], [b - 3 * q, s], [a, s]];
        for (var k = 0; k + 1 < corners.length; k++) {
            var u = unit(corners[k][0], corners[k][1]), v = unit(corners[k + 1][0], corners[k + 1][1]);
            var angle = Math.acos(Math.min(1, u[0] * v[0] + u[1] * v[1] + u[2] * v[2]));
            for (var i = 0; i <= SAMPLES; i++) {
                var t = i / SAMPLES, f = angle ? Math.sin((1 - t) * angle) / Math.sin(angle) : 1 - t;
                var g = angle ? Math.sin(t * angle) / Math.sin(angle) : t;
                var x = f * u[0] + g * v[0], y = f * u[1] + g * v[1], z = f * u[2] + g * v[2];
                var lon = Math.atan2(y, x) / RAD, lat = Math.atan2(z, Math.sqrt(x * x + y * y));
                var lambda = ((lon - lon0 + 540) % 360 - 180) * RAD;
                var xy = naturalEarth(lambda, lat);
                out.x0 = Math.min(out.x0, xy[0]);
                out.x1 = Math.max(out.x1, xy[0]);
                out.y0 = Math.min(out.y0, xy[1]);
                out.y1 = Math.max(out.y1, xy[1]);
            }
        }
        return out;
    }

    function shape(e) { return (e.x1 - e.x0) / (e.y1 - e.y0); }

    /* Bisection: the value in [lo, hi] where `rising(value)` crosses 0. */
    function solve(lo, hi, rising) {
        for (var i = 0; i < 40; i++) {
            var mid = (lo + hi) / 2;
            if (rising(mid) < 0) { lo = mid; } else { hi = mid; }
        }
        return (lo + hi) / 2;
    }

    /* The ranges that show `view` ([west, east, south, north]) and have the shape of a
       width x height frame; with the centre Plotly puts in the frame's middle. */
    A.fitView = function (view, width, height) {
        var lon0 = (view[0] + view[1]) / 2, half = (view[1] - view[0]) / 2;
        var south = view[2], north = view[3], want = width / height;
        var at = function (h, s, n) { return shape(extent(lon0 - h, lon0 + h, s, n, lon0)); };
        if (at(half, south, north) < want) {  // a wide frame: more longitude
            half = at(179, south, north) < want ? 179 :
                solve(half, 179, function (h) { return at(h, south, north) - want; });
        } else {  // a tall frame: more latitude, both ways while there is room
            var grow = function (t) { return [Math.max(-85, south - t), Math.min(85, north + t)]; };
            var t = solve(0, 170, function (t) { var r = grow(t); return want - at(half, r[0], r[1]); });
            var r = grow(t);
            south = r[0];
            north = r[1];
        }
        var e = extent(lon0 - half, lon0 + half, south, north, lon0), middle = (e.y0 + e.y1) / 2;
        var lat = solve(-Math.PI / 2, Math.PI / 2, function (p) { return naturalEarth(0, p)[1] - middle; });
        return {lon: [lon0 - half, lon0 + half], lat: [south, north],
                center: {lon: lon0, lat: lat / RAD}, rotation: lon0};
    };

    /* The frame a map is drawn in: its plot area, in px. */
    function frameOf(gd, layout) {
        var style = window.getComputedStyle(gd), m = (layout || {}).margin || {};
        var width = (layout && layout.width) || parseFloat(style.width);
        var height = (layout && layout.height) || parseFloat(style.height);
        return [width - (m.l || 0) - (m.r || 0), height - (m.t || 0) - (m.b || 0)];
    }

    function fittedGeo(geo, fit) {
        return Object.assign({}, geo, {
            lonaxis: Object.assign({}, geo.lonaxis, {range: fit.lon}),
            lataxis: Object.assign({}, geo.lataxis, {range: fit.lat}),
            center: fit.center,
            projection: Object.assign({}, geo.projection, {
                rotation: {lon: fit.rotation, lat: 0, roll: 0}, scale: 1})
        });
    }

    function relayoutOf(fit) {
        return {"geo.lonaxis.range": fit.lon, "geo.lataxis.range": fit.lat,
                "geo.center.lon": fit.center.lon, "geo.center.lat": fit.center.lat,
                "geo.projection.rotation.lon": fit.rotation, "geo.projection.rotation.lat": 0,
                "geo.projection.scale": 1};
    }

    /* The views a figure carries (dashboard/figures/map_figure.views). */
    function views(layout) { return ((layout || {}).meta || {}).views || null; }

    /* The story a link names (?tour=, ?chapter=; what the server will say of it), as
       the key of its view; "stage" for none. Read on arrival, so that the first draw is
       already the story's. */
    function linkedStory(all) {
        var params = new URLSearchParams(window.location.search);
        var tour = (params.get("tour") || "").trim(), chapter = params.get("chapter");
        if (/^[0-9]+$/.test(tour) && +tour >= 1 && +tour <= all.tour.length) { return "tour:" + (+tour); }
        return Object.prototype.hasOwnProperty.call(all.chapters, chapter) ? "chapter:" + chapter : "stage";
    }

    function viewOf(key) {
        var all = A.view.all, part = key.split(":");
        return part[0] === "tour" ? all.tour[+part[1] - 1] : part[0] === "chapter" ? all.chapters[part[1]] : all.stage;
    }

    /* The story the page is on: a tour step while its year is shown, a chapter while
       one of its years is (another event of the year keeps the view). */
    function storyKey(story, year) {
        if (!story) { return "stage"; }
        if (story.kind === "tour") { return story.year === year ? "tour:" + story.step : "stage"; }
        return story.first <= year && year <= story.last ? "chapter:" + story.chapter : "stage";
    }

    A.view = {wanted: null, story: null, told: false, all: null};

    /* Plotly draws the map's figure fitted to the frame it is drawn in. */
    function fitFigure(gd, figure) {
        var all = views(figure.layout), geo = figure.layout && figure.layout.geo;
        if (!all || !geo) { return figure; }
        A.view.all = all;
        if (!A.view.wanted) {
            A.view.story = linkedStory(all);
            A.view.told = A.view.story === "stage";  // else: once the server has said so
            A.view.wanted = viewOf(A.view.story);
        }
        var frame = frameOf(gd, figure.layout);
        if (!(frame[0] > 0 && frame[1] > 0)) { return figure; }
        var layout = Object.assign({}, figure.layout, {geo: fittedGeo(geo, A.fitView(A.view.wanted, frame[0], frame[1]))});
        return Object.assign({}, figure, {layout: layout});
    }

    function wrapPlotly() {
        var P = window.Plotly;
        if (!P || P.__atlasViews) { return; }
        P.__atlasViews = true;
        var react = P.react;
        P.react = function (gd, figure) {
            var args = Array.prototype.slice.call(arguments);
            if (gd && gd.closest && gd.closest("#map") && figure && figure.layout) {
                args[1] = A.slimMapFigure(fitFigure(gd, figure));
            }
            return react.apply(this, args);
        };
    }
    wrapPlotly();
    document.addEventListener("DOMContentLoaded", wrapPlotly);

    /* The geo layout that shows what `gd` shows now (its view, and any zoom), widened to
       fill a width x height picture: the PNG exports (65-export.js, 85-compare.js). */
    A.fillingGeo = function (gd, width, height) {
        var geo = gd._fullLayout.geo, scale = geo.projection.scale || 1, c = geo.center;
        var lon = geo.lonaxis.range, lat = geo.lataxis.range;
        var halfLon = Math.min((lon[1] - lon[0]) / 2 / scale, 179), halfLat = (lat[1] - lat[0]) / 2 / scale;
        var fit = A.fitView([c.lon - halfLon, c.lon + halfLon, Math.max(-85, c.lat - halfLat),
                             Math.min(85, c.lat + halfLat)], width, height);
        return {
            lonaxis: {range: fit.lon}, lataxis: {range: fit.lat}, center: fit.center,
            projection: {type: geo.projection.type, scale: 1, rotation: {lon: fit.rotation, lat: 0, roll: 0}},
            bgcolor: geo.oceancolor
        };
    };

    /* Show `view` ([west, east, south, north]) filling the map's frame: one relayout. */
    A.showView = function (view) {
        var gd = A.plot("map"), full = gd && gd._fullLayout;
        if (!full || !full.geo) { return; }
        A.view.wanted = view;
        var size = full._size, fit = A.fitView(view, size.w, size.h);
        gd.__atlasFittedFor = size.w + "x" + size.h;
        window.Plotly.relayout(gd, relayoutOf(fit));
    };

    /* After Plotly has drawn the map at a new size (a resize, projector mode, the big
       map), the view is fitted to the new frame, once per size. */
    A.keepFrameFilled = function () {
        var gd = A.plot("map"), full = gd && gd._fullLayout, sub = full && full.geo && full.geo._subplot;
        if (!sub || !sub.bounds || !A.view.wanted) { return; }
        var size = full._size, b = sub.bounds;
        var filled = Math.abs(b[1][0] - b[0][0] - size.w) < 1.5 && Math.abs(b[1][1] - b[0][1] - size.h) < 1.5;
        var key = size.w + "x" + size.h;
        if (filled || gd.__atlasFittedFor === key) { return; }
        gd.__atlasFittedFor = key;
        window.setTimeout(function () { A.showView(A.view.wanted); }, 0);
    };

    /* The view a chapter or a tour step asks for while the page is on it; the stage
       once it has left (its years, its step's year) or the story is closed. The map's
       view changes only when that changes, so a visitor's own zoom stays otherwise.
       Until the server has said what story the link opened (A.story is undefined), the
       link's own is kept. */
    A.followStory = function () {
        if (!A.view.all || !A.plot("map") || A.state.year === null) { return; }
        if (!A.story && !A.view.told) { return; }
        var key = storyKey(A.story, A.state.year);
        if (key === A.view.story) { return; }
        A.view.story = key;
        A.showView(viewOf(key));
    };
    var storyTimer = null;
    A.followStorySoon = function () {
        window.clearTimeout(storyTimer);
        storyTimer = window.setTimeout(A.followStory, 60);
    };
    document.addEventListener("atlas-painted", A.followStorySoon);
})();
