/*
 * "Map as PNG": the map as the year shows it, or a lesson's years (ids.EXPORT_RANGE), at
 * projector size, filling the picture, with a title, the year or years, the legend and
 * the atlas's attribution. Plotly draws pictures from its figure, not from the page, so
 * the shown state is written into a copy of the figure first.
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

    function styledCopy(gd, range) {
        var year = range ? range.to : A.state.year, layers = gd.layout.meta.layers;
        var data = gd.data.map(function (trace) {
            var t = Object.assign({}, trace), m = trace.meta || {};
            if (m.role === "events") {
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
    function projectedAspect(project, lon, lat) {
        var xs = [], ys = [];
        for (var k = 0; k <= 24; k++) {
            var f = k / 24, along = lon[0] + f * (lon[1] - lon[0]), up = lat[0] + f * (lat[1] - lat[0]);
            [[along, lat[0]], [along, lat[1]], [lon[0], up], [lon[1], up]].forEach(function (q) {
                var xy = project(q);
                if (xy) { xs.push(xy[0]); ys.push(xy[1]); }
            });
        }
        return (Math.max.apply(null, xs) - Math.min.apply(null, xs)) /
            (Math.max.apply(null, ys) - Math.min.apply(null, ys));
    }

    /* The view as shown, widened in one direction so that the box plotly.js fits it in
       has the picture's 16:9 shape: the map fills the picture (plotly.js clips it to
       that box, less a few pixels of padding, which the sea's colour fills). Ratios are
       measured on the map's own projection: they do not depend on its scale. */
    function fillingView(gd) {
        var geo = gd._fullLayout.geo, project = geo._subplot.projection;
        var lon = geo.lonaxis.range, lat = geo.lataxis.range, scale = geo.projection.scale || 1;
        var midLon = (lon[0] + lon[1]) / 2, midLat = (lat[0] + lat[1]) / 2;
        var halfLon = (lon[1] - lon[0]) / 2 / scale, halfLat = (lat[1] - lat[0]) / 2 / scale;
        var want = WIDTH / HEIGHT;
        for (var i = 0; i < 5; i++) {  // the projection is not linear: a few rounds
            var shown = projectedAspect(project, [midLon - halfLon, midLon + halfLon],
                                        [midLat - halfLat, midLat + halfLat]);
            if (shown > want) { halfLat = Math.min(halfLat * shown / want, 89); } else { halfLon *= want / shown; }
        }
        return {
            lonaxis: {range: [midLon - halfLon, midLon + halfLon]},
            lataxis: {range: [Math.max(-90, midLat - halfLat), Math.min(90, midLat + halfLat)]},
            projection: {type: geo.projection.type, scale: 1, rotation: {lon: midLon}},
            center: {lon: midLon, lat: midLat},
            bgcolor: geo.oceancolor
        };
    }

    /* The figure the picture is drawn from: the shown year's (or the range's) state. */
    A.exportFigure = function (range) {
        var gd = A.plot("map");
        var layout = Object.assign({}, gd.layout, {
            width: WIDTH, height: HEIGHT, margin: {l: 0, r: 0, t: 0, b: 0},
            paper_bgcolor: gd._fullLayout.geo.oceancolor,
            annotations: annotations(range),
            geo: Object.assign({}, gd.layout.geo, fillingView(gd))
        });
        // the basemap from where the map has it (layout.MAP_CONFIG)
        return {data: styledCopy(gd, range), layout: layout,
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
