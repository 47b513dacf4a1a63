/*
 * "Map as PNG": the map as the year shows it, at projector size, with a title, the
 * year, the legend and the atlas's attribution. Plotly draws pictures from its figure,
 * not from the page, so the shown state is written into a copy of the figure first.
 */
(function () {
    "use strict";

    var A = window.atlas;

    function styledCopy(gd) {
        var year = A.state.year, layers = gd.layout.meta.layers;
        var data = gd.data.map(function (trace) {
            var t = Object.assign({}, trace), m = trace.meta || {};
            if (m.role === "events") {
                t.marker = Object.assign({}, trace.marker, {
                    opacity: trace.customdata.map(function (id) {
                        var ev = A.byId[id];
                        return ev && A.layerOf(ev) === m.layer ? layers[m.layer].opacity : 0;
                    })
                });
            } else if (m.role === "shape") {
                var ph = A.phase(m.start, m.end, year);
                t.opacity = ph !== "future" && A.filtered(m.theater, m.category) ? layers[ph].shape_opacity : 0;
            } else if (m.role === "periods") {
                t.marker = Object.assign({}, trace.marker, {
                    opacity: m.from.map(function (f, j) { return A.periodShown(f, m.to[j], year) ? 1 : 0; })
                });
            } else if (m.role === "basemap") {
                t.marker = Object.assign({}, trace.marker, {
                    opacity: m.from.map(function (f, j) { return A.basemapShown(f, m.to[j], year) ? 1 : 0; })
                });
            }
            return t;
        });
        var selected = A.state.selected ? A.byId[A.state.selected] : null;
        if (selected && A.layerOf(selected)) {
            data.push({type: "scattergeo", lon: [selected.lon], lat: [selected.lat], mode: "markers",
                       hoverinfo: "skip", marker: {size: 40, symbol: "circle-open", color: "#111",
                                                   line: {width: 4}}});
        }
        return data;
    }

    function annotations(gd) {
        var page = A.page, texts = page.texts, n = A.mapNodes();
        var notes = [{
            text: "<b>" + esc(texts.title) + "</b>  " + A.state.year, x: 0.01, y: 0.99,
            xref: "paper", yref: "paper", xanchor: "left", yanchor: "top", showarrow: false,
            font: {size: 34}, bgcolor: "rgba(255,255,255,0.85)"
        }, {
            text: esc(texts.attribution), x: 0.99, y: 0.01, xref: "paper", yref: "paper",
            xanchor: "right", yanchor: "bottom", showarrow: false, font: {size: 16},
            bgcolor: "rgba(255,255,255,0.85)"
        }, {
            text: page.categories.map(function (c) {
                return "<span style='color:" + c.colour + "'>" + c.glyph + "</span> " + esc(c.label);
            }).join("<br>"),
            x: 0.01, y: 0.03, xref: "paper", yref: "paper", xanchor: "left", yanchor: "bottom",
            align: "left", showarrow: false, font: {size: 18}, bgcolor: "rgba(255,255,255,0.85)",
            bordercolor: "#888", borderwidth: 1
        }];
        (n ? n.periods : []).forEach(function (p) {
            if (!p.shown) { return; }
            var t = page.territories.find(function (x) { return x.id === p.id; });
            if (t) { notes.push(geoLabel(t, 18)); }
        });
        return notes;
    }

    function geoLabel(t, size) {
        return {text: esc(t.label), showarrow: false, font: {size: size, color: "#3A1D5C"},
                bgcolor: "rgba(255,255,255,0.6)", x: t.lon, y: t.lat, xref: "x", yref: "y"};
    }

    function esc(s) {
        return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    }

    A.exportMap = function () {
        var gd = A.plot("map");
        if (!gd) { return; }
        var geoNotes = [];
        var layout = Object.assign({}, gd.layout, {
            width: 1920, height: 1080, annotations: annotations(gd).filter(function (a) {
                if (a.xref === "x") { geoNotes.push(a); return false; }
                return true;
            })
        });
        var data = styledCopy(gd);
        geoNotes.forEach(function (a) {  // geo subplots take text as a trace, not annotations
            data.push({type: "scattergeo", lon: [a.x], lat: [a.y], mode: "text", text: [a.text],
                       textfont: {size: a.font.size, color: a.font.color}, hoverinfo: "skip"});
        });
        return window.Plotly.downloadImage({data: data, layout: layout, config: {topojsonURL: "/assets/topojson/"}}, {
            format: "png", width: 1920, height: 1080,
            filename: "atlas-map-" + A.state.year
        });
    };
})();
