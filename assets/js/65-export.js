/*
 * "Map as PNG": the map as the year shows it, or a lesson's years (ids.EXPORT_RANGE), at
 * projector size, filling the picture, with a title, the year or years, the legend and
 * the atlas's attribution. Plotly draws pictures from its figure, not from the page, so
 * the shown state is written into a copy of the figure first. A lesson's map numbers its
 * events as the worksheet (CSV) of the same years does, and spreads the events that share
 * a spot (Moscow's) on a ring around it, so that every mark and number can be seen.
 */
(function () {
    "use strict";

    var A = window.atlas;
    var WIDTH = 1920, HEIGHT = 1080;

    /* The layer an event shows in: for the shown year as the page shows it; for a
       lesson's years, every event that reaches into them stands out alike. */
    function layerFor(ev, range) {
        if (!range) { return A.layerOf(ev); }
        var inside = ev.start <= range.to && ev.end >= range.from;
        return inside && A.filtered(ev.theater, ev.category, ev.contested) ? "current" : null;
    }

    /* A lesson's events, numbered in time order as the worksheet numbers them (its
       theater and category filters; not the "only contested" switch, which the
       worksheet does not know), each with where its mark goes: at its place, or spread
       on a ring around a spot it shares with others, in the picture's pixels. */
    function rangeMarks(gd, range, view) {
        var marks = {}, numbered = [], no = 0;
        A.events.forEach(function (ev) {
            if (!(ev.start <= range.to && ev.end >= range.from)) { return; }
            if (!A.filtered(ev.theater, ev.category, true)) { return; }
            no += 1;
            if (A.filtered(ev.theater, ev.category, ev.contested)) {
                numbered.push(marks[ev.id] = {ev: ev, no: no, lon: ev.lon, lat: ev.lat, angle: null,
                                              xy: null});
            }
        });
        var project = gd._fullLayout.geo._subplot.projection, invert = project.invert;
        if (!invert) { return {marks: marks, labels: []}; }
        // picture px per page px: plotly.js fits the view's projected box in the picture
        var fit = projectedBox(project, view.lonaxis.range, view.lataxis.range);
        var scale = Math.min(WIDTH / Math.max(1, fit.width), HEIGHT / Math.max(1, fit.height));
        var size = gd.layout.meta.layers.current.size;
        /* spots: marks at one place (closer than half a mark to one another, chained:
           union-find), each spot's marks spread round its middle; marks of nearby
           places stay where they are, their numbers placed clear of them */
        var drawn = numbered.filter(function (mark) { return (mark.xy = project([mark.lon, mark.lat])); });
        var parent = drawn.map(function (_, i) { return i; });
        var root = function (i) { while (parent[i] !== i) { i = parent[i] = parent[parent[i]]; } return i; };
        drawn.forEach(function (a, i) {
            for (var j = 0; j < i; j++) {
                var b = drawn[j];
                if (Math.hypot(a.xy[0] - b.xy[0], a.xy[1] - b.xy[1]) * scale < size / 2) {
                    parent[root(i)] = root(j);
                }
            }
        });
        var groups = {};
        drawn.forEach(function (mark, i) { (groups[root(i)] = groups[root(i)] || []).push(mark); });
        var spots = Object.keys(groups).map(function (k) {
            var marks = groups[k], n = marks.length;
            return {marks: marks, xy: [marks.reduce(function (t, m) { return t + m.xy[0]; }, 0) / n,
                                       marks.reduce(function (t, m) { return t + m.xy[1]; }, 0) / n]};
        });
        spots.forEach(function (spot) {
            var k = spot.marks.length;
            if (k < 2) { return; }
            var ring = Math.max(size * 0.9, (1.2 * size + 4) / (2 * Math.sin(Math.PI / k)));
            spot.marks.forEach(function (mark, i) {
                var angle = -Math.PI / 2 + 2 * Math.PI * i / k;
                var xy = [spot.xy[0] + ring * Math.cos(angle) / scale,
                          spot.xy[1] + ring * Math.sin(angle) / scale];
                var at = invert(xy);
                if (at) { mark.lon = at[0]; mark.lat = at[1]; mark.xy = xy; mark.angle = angle; }
            });
        });
        return {marks: marks, labels: placeNumbers(numbered, scale, size, invert)};
    }

    /* Each number beside its mark, clear of every mark and of the numbers placed before
       it (in the picture's pixels): outwards from its ring first, then round the mark. */
    function placeNumbers(numbered, scale, size, invert) {
        var shown = numbered.filter(function (m) { return m.xy; });
        var box = function (x, y, w, h) { return {x0: x - w / 2, y0: y - h / 2, x1: x + w / 2, y1: y + h / 2}; };
        var hits = function (a, b) { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1; };
        var taken = shown.map(function (m) { return box(m.xy[0] * scale, m.xy[1] * scale, size, size); });
        var labels = [];
        shown.forEach(function (mark) {
            var w = 12 * String(mark.no).length + 4, h = 22, x = mark.xy[0] * scale, y = mark.xy[1] * scale;
            var angles = [0, -Math.PI / 4, -Math.PI / 2, -3 * Math.PI / 4, Math.PI, 3 * Math.PI / 4,
                          Math.PI / 2, Math.PI / 4];
            if (mark.angle !== null) { angles.unshift(mark.angle); }
            var best = null;
            [1, 1.7].some(function (far) {
                return angles.some(function (a) {
                    var c = Math.cos(a), s = Math.sin(a);
                    var b = box(x + c * (size / 2 + w / 2 + 2) * far, y + s * (size / 2 + h / 2) * far, w, h);
                    if (!best) { best = b; }
                    if (taken.some(function (t) { return hits(t, b); })) { return false; }
                    best = b;
                    return true;
                });
            });
            taken.push(best);
            var at = invert([(best.x0 + best.x1) / 2 / scale, (best.y0 + best.y1) / 2 / scale]);
            if (at) { labels.push({lon: at[0], lat: at[1], text: String(mark.no), id: mark.ev.id}); }
        });
        return labels;
    }

    /* A lesson's layer of the year's own markers: each event of the years at its mark. */
    function rangeTrace(trace, marks, layers) {
        var ids = trace.customdata;
        return Object.assign({}, trace, {
            lon: ids.map(function (id, j) { return marks[id] ? marks[id].lon : trace.lon[j]; }),
            lat: ids.map(function (id, j) { return marks[id] ? marks[id].lat : trace.lat[j]; }),
            marker: Object.assign({}, trace.marker, {
                opacity: ids.map(function (id) { return marks[id] ? layers.current.opacity : 0; })
            })
        });
    }

    function styledCopy(gd, range, view) {
        var year = range ? range.to : A.state.year, layers = gd.layout.meta.layers;
        var placed = range ? rangeMarks(gd, range, view) : null, marks = placed && placed.marks;
        var data = gd.data.map(A.fullTrace).map(function (trace) {
            var t = Object.assign({}, trace), m = trace.meta || {};
            if (m.role === "events" && range && m.layer === "current") {
                t = rangeTrace(trace, marks, layers);
            } else if (m.role === "events") {
                t.marker = Object.assign({}, trace.marker, {
                    opacity: trace.customdata.map(function (id) {
                        var ev = A.byId[id];
                        return ev && layerFor(ev, range) === m.layer ? layers[m.layer].opacity : 0;
                    })
                });
            } else if (m.role === "shape") {
                var ev = A.byId[m.id], layer = ev ? layerFor(ev, range) : null;
                t.opacity = layer ? layers[layer].shape_opacity : 0;
            } else if (m.role === "periods") {
                t = onlyShown(trace, function (j) { return A.periodShown(m.from[j], m.to[j], year); });
            } else if (m.role === "basemap") {
                t = onlyShown(trace, function (j) { return A.basemapShown(m.from[j], m.to[j], year); });
            }
            return t;
        });
        if (placed && placed.labels.length) {  // the numbers, as the worksheet has them
            data.push({type: "scattergeo", mode: "text", hoverinfo: "skip",
                       lon: placed.labels.map(function (l) { return l.lon; }),
                       lat: placed.labels.map(function (l) { return l.lat; }),
                       text: placed.labels.map(function (l) { return l.text; }),
                       customdata: placed.labels.map(function (l) { return l.id; }),
                       textfont: {size: 20, color: "#111"}, meta: {role: "numbers"}});
        }
        var selected = A.state.selected ? A.byId[A.state.selected] : null;
        if (!range && selected && A.layerOf(selected)) {
            data.push({type: "scattergeo", lon: [selected.lon], lat: [selected.lat], mode: "markers",
                       hoverinfo: "skip", marker: {size: 40, symbol: "circle-open", color: "#111",
                                                   line: {width: 4}}});
        }
        /* the names where the page placed them, clear of each other and of the year's
           events (a geo subplot takes text as a trace, at a lon/lat) */
        if (!range) {
            var layer = A.overlay("map"), box = gd.getBoundingClientRect();
            var invert = gd._fullLayout.geo._subplot.projection.invert;
            layer.querySelectorAll(".atlas-map-label").forEach(function (el) {
                if (el.style.display === "none") { return; }
                var r = el.getBoundingClientRect();
                var at = invert([r.left + r.width / 2 - box.left, r.top + r.height / 2 - box.top]);
                if (at) {
                    data.push({type: "scattergeo", lon: [at[0]], lat: [at[1]], mode: "text",
                               text: [esc(el.textContent)], hoverinfo: "skip",
                               textfont: {size: 20, color: getComputedStyle(el).color}});
                }
            });
        }
        return data;
    }

    /* A choropleth with only the outlines the year shows (plotly.js draws every
       location of a choropleth, whatever its marker.opacity says). */
    function onlyShown(trace, shown) {
        var keep = trace.locations.map(function (_, j) { return j; }).filter(shown);
        var pick = function (values) {
            return Array.isArray(values) ? keep.map(function (j) { return values[j]; }) : values;
        };
        var line = Object.assign({}, trace.marker.line, {color: pick(trace.marker.line.color)});
        return Object.assign({}, trace, {
            locations: pick(trace.locations), z: pick(trace.z), text: pick(trace.text),
            marker: Object.assign({}, trace.marker, {opacity: 1, line: line})
        });
    }

    function esc(s) {
        return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    }

    function annotations(range) {
        var page = A.page, texts = page.texts;
        var when = range ? range.from + "–" + range.to : String(A.state.year);
        var box = {bgcolor: "rgba(255,255,255,0.88)", showarrow: false, xref: "paper", yref: "paper"};
        return [
            Object.assign({}, box, {
                text: "<b>" + esc(texts.title) + "</b>   " + when, x: 0.01, y: 0.99,
                xanchor: "left", yanchor: "top", font: {size: 34}
            }),
            Object.assign({}, box, {
                text: esc(texts.attribution), x: 0.99, y: 0.01, xanchor: "right",
                yanchor: "bottom", font: {size: 18}
            }),
            Object.assign({}, box, {
                text: page.categories.map(function (c) {
                    return "<span style='color:" + c.colour + "'>" + c.glyph + "</span> " + esc(c.label);
                }).join("<br>"),
                x: 0.01, y: 0.03, xanchor: "left", yanchor: "bottom", align: "left",
                font: {size: 20}, bordercolor: "#888", borderwidth: 1
            })
        ];
    }

    /* The projected box of a lon/lat range (its outline, sampled): how plotly.js fits it. */
    function projectedBox(project, lon, lat) {
        var xs = [], ys = [];
        for (var k = 0; k <= 24; k++) {
            var f = k / 24, along = lon[0] + f * (lon[1] - lon[0]), up = lat[0] + f * (lat[1] - lat[0]);
            [[along, lat[0]], [along, lat[1]], [lon[0], up], [lon[1], up]].forEach(function (q) {
                var xy = project(q);
                if (xy) { xs.push(xy[0]); ys.push(xy[1]); }
            });
        }
        return {width: Math.max.apply(null, xs) - Math.min.apply(null, xs),
                height: Math.max.apply(null, ys) - Math.min.apply(null, ys)};
    }

    /* The figure the picture is drawn from: the shown year's (or the range's) state. */
    A.exportFigure = function (range) {
        var gd = A.plot("map"), view = A.fillingGeo(gd, WIDTH, HEIGHT);
        var layout = Object.assign({}, gd.layout, {
            width: WIDTH, height: HEIGHT, margin: {l: 0, r: 0, t: 0, b: 0},
            paper_bgcolor: gd._fullLayout.geo.oceancolor,
            annotations: annotations(range),
            geo: Object.assign({}, gd.layout.geo, view)
        });
        // the basemap from where the map has it (layout.MAP_CONFIG)
        return {data: styledCopy(gd, range, view), layout: layout,
                config: {topojsonURL: gd._context.topojsonURL}};
    };

    A.exportMap = function (range) {
        if (!A.plot("map") || !A.page) { return; }
        var name = "atlas-map-" + (range ? range.from + "-" + range.to : A.state.year);
        return window.Plotly.downloadImage(
            A.exportFigure(range), {format: "png", width: WIDTH, height: HEIGHT, filename: name}
        );
    };
})();
