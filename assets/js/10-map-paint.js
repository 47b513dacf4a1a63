/*
 * The map's year, painted on the SVG Plotly has drawn: opacity of every event, route,
 * territory and country outline; events that share a spot spread around it so that
 * none hides another; the selection ring. Positions come from Plotly's own projection.
 */
(function () {
    "use strict";

    var A = window.atlas;
    var SVG = "http://www.w3.org/2000/svg";
    var GOLDEN = Math.PI * (3 - Math.sqrt(5));
    var nodes = null;      // what Plotly drew, read once per Plotly render (collect)

    function meta(g) {
        var cd = g.__data__, trace = cd && cd[0] && cd[0].trace;
        return (trace && trace.meta) || {};
    }

    /* Each drawn outline of a choropleth trace, with its index in the trace. */
    function locations(g, each) {
        g.querySelectorAll("path.choroplethlocation").forEach(function (node) {
            each(node, node.__data__.i !== undefined ? node.__data__.i : node.__data__.index);
        });
    }

    /* Read the drawn nodes once per Plotly render: a year step only walks this list. */
    function collect(gd) {
        var out = {events: [], shapes: [], periods: [], basemap: [], gd: gd};
        var layers = gd.layout.meta.layers;
        gd.querySelectorAll(".geo g.trace").forEach(function (g) {
            var m = meta(g), trace = g.__data__[0].trace;
            if (m.role === "events") {
                g.querySelectorAll("path.point").forEach(function (node) {
                    var id = trace.customdata[node.__data__.i];
                    out.events.push({node: node, id: id, layer: m.layer, theirs: m.theirs,
                                     size: layers[m.layer].size,
                                     opacity: layers[m.layer].opacity,
                                     lonlat: node.__data__.lonlat});
                });
            } else if (m.role === "shape") {
                out.shapes.push({g: g, m: m});
            } else if (m.role === "periods") {
                locations(g, function (node, i) {
                    out.periods.push({path: node, id: m.ids[i], from: m.from[i], to: m.to[i]});
                });
            } else if (m.role === "basemap") {
                locations(g, function (node, i) {
                    out.basemap.push({node: node, from: m.from[i], to: m.to[i],
                                      name: trace.text[i]});
                });
            }
        });
        var bg = gd.querySelector(".geo .bglayer rect") || gd.querySelector(".geo");
        out.box = bg ? bg.getBBox() : {x: 0, y: 0, width: gd.clientWidth, height: gd.clientHeight};
        /* markers as large as a projector needs, smaller on a small map (a laptop, a
           phone), where their full size would cover the places they mark */
        out.scale = Math.min(1, Math.max(0.6, out.box.width / 1100));
        out.events.forEach(function (e) { e.size *= out.scale; });
        return out;
    }

    A.mapNodes = function () {
        var gd = A.plot("map");
        if (!gd || !gd._fullLayout || !gd._fullLayout.geo) { return null; }
        if (!nodes || nodes.gd !== gd || !gd.contains((nodes.events[0] || {}).node || gd)) {
            nodes = collect(gd);
        }
        return nodes;
    };
    A.forgetMapNodes = function () { nodes = null; };

    A.project = function (lonlat) {
        var gd = A.plot("map"), sub = gd && gd._fullLayout.geo && gd._fullLayout.geo._subplot;
        return sub && typeof sub.projection === "function" ? sub.projection(lonlat) : null;
    };

    /* Offsets for the markers that share a spot: the year's own (large) on a ring, the
       earlier ones (small, faded) on a spiral around them. */
    function spread(members) {
        var current = members.filter(function (e) { return e.layer === "current"; });
        var past = members.filter(function (e) { return e.layer === "past"; });
        var ring = 0;
        if (current.length > 1) {
            ring = Math.max(current[0].size * 0.55, current[0].size / (2 * Math.sin(Math.PI / current.length)));
            current.forEach(function (e, k) {
                var a = -Math.PI / 2 + 2 * Math.PI * k / current.length;
                e.dx = ring * Math.cos(a);
                e.dy = ring * Math.sin(a);
            });
        } else if (current.length) {
            current[0].dx = current[0].dy = 0;
        }
        var hole = current.length ? ring + current[0].size / 2 + current[0].size / 4 : 0;
        var c = past.length ? past[0].size * 0.58 : 0;  // packed, each still seen
        past.forEach(function (e, k) {
            var r = Math.sqrt(hole * hole + c * c * (k + (hole ? 0.5 : 0)));
            var a = k * GOLDEN - Math.PI / 2;
            e.dx = r * Math.cos(a);
            e.dy = r * Math.sin(a);
        });
    }

    function byRank(a, b) { return (A.byId[a.id] || {}).rank - (A.byId[b.id] || {}).rank; }

    /* Place every visible marker: at its spot, or spread around a shared one. */
    function place(list, scale) {
        var spots = {};
        list.forEach(function (e) {
            var xy = A.project(e.lonlat);
            e.base = xy;
            e.dx = e.dy = 0;
            if (!xy) { return; }
            var key = Math.round(xy[0] / 3) + ":" + Math.round(xy[1] / 3);
            (spots[key] = spots[key] || []).push(e);
        });
        Object.keys(spots).forEach(function (key) {
            var members = spots[key];
            if (members.length > 1) {
                members.sort(function (a, b) {  // latest first, nearest the middle
                    return a.layer === b.layer ? byRank(b, a) : (a.layer === "current" ? -1 : 1);
                });
                spread(members);
            }
        });
        list.forEach(function (e) {
            if (!e.base) { return; }
            e.x = e.base[0] + e.dx;
            e.y = e.base[1] + e.dy;
            e.node.setAttribute("transform", "translate(" + e.x.toFixed(2) + "," + e.y.toFixed(2) + ")" +
                                (scale < 1 ? " scale(" + scale.toFixed(3) + ")" : ""));
        });
    }

    /* The year's own events that lie outside the map's view (Washington, Phnom Penh on
       the stage): a small marker at the edge, on the line from the middle towards them,
       which hovers and clicks like theirs (a click brings the event into view). */
    function offMap(shown, n) {
        var box = n.box, cx = box.x + box.width / 2, cy = box.y + box.height / 2, inset = 14;
        return shown.filter(function (e) {
            return e.layer === "current" && e.base && !A.inView([e.x, e.y], box);
        }).map(function (e) {
            var dx = e.x - cx, dy = e.y - cy;
            var t = Math.min(Math.abs((box.width / 2 - inset) / (dx || 1e-9)),
                             Math.abs((box.height / 2 - inset) / (dy || 1e-9)));
            return {id: e.id, x: cx + dx * t, y: cy + dy * t, size: 20, layer: "current",
                    angle: Math.atan2(dy, dx), base: true, offmap: true};
        });
    }

    function drawOffMap(list) {
        var svg = A.overlaySvg("map");
        if (!svg) { return; }
        var group = svg.querySelector("g.atlas-offmap");
        if (!group) {
            group = document.createElementNS(SVG, "g");
            group.setAttribute("class", "atlas-offmap");
            svg.appendChild(group);
        }
        group.textContent = "";
        list.forEach(function (o) {
            var colour = A.categoryOf(A.byId[o.id] || {}).colour || "#111";
            var g = document.createElementNS(SVG, "g");
            g.setAttribute("transform", "translate(" + o.x.toFixed(1) + "," + o.y.toFixed(1) +
                           ") rotate(" + (o.angle * 180 / Math.PI).toFixed(1) + ")");
            var arrow = document.createElementNS(SVG, "path");
            arrow.setAttribute("d", "M 9 -7 L 18 0 L 9 7 Z");
            arrow.setAttribute("fill", "#111");
            var dot = document.createElementNS(SVG, "circle");
            dot.setAttribute("r", 9);
            dot.setAttribute("fill", colour);
            dot.setAttribute("stroke", "#fff");
            dot.setAttribute("stroke-width", 2);
            g.appendChild(arrow);
            g.appendChild(dot);
            group.appendChild(g);
        });
    }

    A.paintMap = function () {
        var n = A.mapNodes();
        if (!n) { return; }
        var year = A.state.year, layers = n.gd.layout.meta.layers;
        var shown = [];
        n.events.forEach(function (e) {
            var ev = A.byId[e.id];
            e.shown = !!ev && A.layerOf(ev) === e.layer;
            e.node.style.opacity = e.shown ? e.opacity : 0;
            e.node.style.display = e.shown ? "" : "none";
            if (e.shown) { shown.push(e); }
        });
        place(shown, n.scale);
        n.shown = shown;
        n.offmap = offMap(shown, n);
        drawOffMap(n.offmap);
        n.shapes.forEach(function (s) {
            var ph = A.phase(s.m.start, s.m.end, year);
            var on = ph !== "future" && A.filtered(s.m.theater, s.m.category);
            s.g.style.opacity = on ? layers[ph].shape_opacity : 0;
        });
        n.periods.forEach(function (p) {
            p.shown = A.periodShown(p.from, p.to, year);
            p.path.style.opacity = p.shown ? 1 : 0;
        });
        n.basemap.forEach(function (b) {
            b.shown = A.basemapShown(b.from, b.to, year);
            b.node.style.opacity = b.shown ? 1 : 0;
        });
        A.drawMapRing();
        if (A.layoutLabels) { A.layoutLabels(); }
    };

    /* The overlay's SVG (the ring), created once inside the overlay div. */
    A.overlaySvg = function (id) {
        var layer = A.overlay(id);
        if (!layer) { return null; }
        var svg = layer.querySelector("svg.atlas-ring-layer");
        if (!svg) {
            svg = document.createElementNS(SVG, "svg");
            svg.setAttribute("class", "atlas-ring-layer");
            var ring = document.createElementNS(SVG, "circle");
            ring.setAttribute("class", "atlas-ring");
            svg.appendChild(ring);
            layer.appendChild(svg);
        }
        return svg;
    };

    /* Ring `marker` ({x, y, size}, in the plot's px) on plot `id`, `pad` px out; or
       none, for null. */
    A.ringAt = function (id, marker, pad) {
        var svg = A.overlaySvg(id);
        if (!svg) { return; }
        var ring = svg.querySelector("circle");
        ring.style.display = marker ? "" : "none";
        if (marker) {
            ring.setAttribute("cx", marker.x.toFixed(1));
            ring.setAttribute("cy", marker.y.toFixed(1));
            ring.setAttribute("r", marker.size / 2 + pad);
        }
    };

    /* The marker of `id` as drawn now, or null if the year does not show it. */
    A.drawnMarker = function (id) {
        var n = A.mapNodes();
        if (!n || !n.shown) { return null; }
        for (var i = 0; i < n.shown.length; i++) {
            if (n.shown[i].id === id && n.shown[i].base) { return n.shown[i]; }
        }
        return null;
    };

    A.drawMapRing = function () {
        A.ringAt("map", A.state.selected ? A.drawnMarker(A.state.selected) : null, 7);
    };
})();
