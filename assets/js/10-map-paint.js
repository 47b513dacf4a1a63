/*
 * The map's year, painted on the SVG Plotly has drawn: opacity of every event, route,
 * territory and country outline; events that share a spot spread around it so that
 * none hides another; the selection ring. Positions come from Plotly's own projection.
 * The faded past is drawn on a canvas in the SVG, in its layer's place (drawPast): a
 * teacher's file may make it thousands of markers. A step writes only what changed,
 * and measures (the names' places) before it writes.
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

    /* The part of the map that is seen, in the plot's px: its plot area, where the
       projection draws (Plotly's clip box, which a zoom may make larger than the plot:
       what lies outside the plot is not seen, whatever the projection says). */
    function visibleFrame(gd) {
        var size = gd._fullLayout._size, sub = gd._fullLayout.geo._subplot, b = sub && sub.bounds;
        var x0 = size.l, y0 = size.t, x1 = size.l + size.w, y1 = size.t + size.h;
        if (b) {
            x0 = Math.max(x0, b[0][0]);
            y0 = Math.max(y0, b[0][1]);
            x1 = Math.min(x1, b[1][0]);
            y1 = Math.min(y1, b[1][1]);
        }
        return {x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0)};
    }

    /* The map's figure as Plotly is given it: each trace of the faded past with its
       first marker alone (the one the page reads the trace's symbol and colours from),
       the rest kept in its meta (`all`). The page draws the past on a canvas from the
       data (drawPast), so Plotly's projecting and drawing of a teacher's 2,000 past
       markers, only to be hidden, was work for nothing at every draw. A trace is slimmed
       once (`slimmed`): given the same figure again, Plotly finds the same arrays and
       has nothing to draw again. */
    var slimmed = new WeakMap();
    function slimTrace(trace) {
        var m = trace.meta || {}, one = function (v) { return Array.isArray(v) ? v.slice(0, 1) : v; };
        if (m.role !== "events" || m.layer !== "past" || m.all || !(trace.lon || []).length) { return trace; }
        if (!slimmed.has(trace)) {
            var marker = Object.assign({}, trace.marker);
            ["color", "opacity", "size", "symbol"].forEach(function (k) { marker[k] = one(marker[k]); });
            slimmed.set(trace, Object.assign({}, trace, {
                lon: one(trace.lon), lat: one(trace.lat), customdata: one(trace.customdata), marker: marker,
                meta: Object.assign({}, m, {all: {lon: trace.lon, lat: trace.lat, customdata: trace.customdata,
                                                  marker: trace.marker}})
            }));
        }
        return slimmed.get(trace);
    }
    A.slimMapFigure = function (figure) {
        return Object.assign({}, figure, {data: (figure.data || []).map(slimTrace)});
    };

    /* A trace as the server made it (with every marker of a slimmed one): the exports. */
    A.fullTrace = function (trace) {
        var all = (trace.meta || {}).all;
        if (!all) { return trace; }
        return Object.assign({}, trace, {
            lon: all.lon, lat: all.lat, customdata: all.customdata, marker: all.marker
        });
    };

    /* Read the drawn nodes once per Plotly render: a year step only walks this list. */
    function collect(gd) {
        var out = {events: [], shapes: [], periods: [], basemap: [], gd: gd, past: [],
                   firstCurrent: null, probe: null};
        var layers = gd.layout.meta.layers;
        gd.querySelectorAll(".geo g.trace").forEach(function (g) {
            var m = meta(g), trace = g.__data__[0].trace;
            if (m.role === "events") {
                var sample = g.querySelector("path.point");
                var style = m.layer === "past" ? A.markerStyle(sample) : null;
                if (style) { out.past.push(g); }
                if (m.layer === "current" && !out.firstCurrent) { out.firstCurrent = g; }
                out.probe = out.probe || sample;
                var add = function (node, id, lonlat) {
                    out.events.push({node: node, id: id, layer: m.layer, theirs: m.theirs,
                                     size: layers[m.layer].size,
                                     opacity: layers[m.layer].opacity,
                                     lonlat: lonlat, style: style});
                };
                if (m.all && style) {  // slimmed: its markers from the data, for the canvas
                    m.all.customdata.forEach(function (id, j) { add(null, id, [m.all.lon[j], m.all.lat[j]]); });
                    return;
                }
                g.querySelectorAll("path.point").forEach(function (node) {
                    add(node, trace.customdata[node.__data__.i], node.__data__.lonlat);
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
        out.box = visibleFrame(gd);
        /* markers as large as a projector needs, smaller on a small map (a laptop, a
           phone), where their full size would cover the places they mark */
        out.scale = Math.min(1, Math.max(0.6, out.box.width / 1100));
        out.events.forEach(function (e) { e.size *= out.scale; });
        return out;
    }

    /* The faded past on a canvas: at 2,000 events the past layer is most of the map's
       markers, and nearly all of them move at every step (each spot's spiral keeps the
       latest nearest its middle), so as SVG nodes a step rewrote ~1,500 transforms and
       the browser restyled, laid out and painted them all (20-40 ms a frame). Drawn here,
       in the map's own SVG where Plotly's past traces were (above the routes and areas,
       below the year's own markers), each marker as Plotly drew it: its symbol, colours
       and opacity, in time order. Plotly's past nodes stay, hidden; the year's own
       markers stay SVG nodes. The canvas keeps the ids it drew (`drawn`), for tests. */
    function drawPast(n) {
        var before = n.firstCurrent, layer = before && before.parentNode;
        if (!layer || !n.past.length) { return; }
        var full = n.gd._fullLayout;
        var canvas = A.layerCanvas(layer, before, "atlas-past", full.width, full.height);
        n.past.forEach(function (g) { if (g.style.display !== "none") { g.style.display = "none"; } });
        var ctx = canvas.getContext("2d"), k = n.scale < 1 ? n.scale : 1, drawn = [];
        n.events.forEach(function (e) {
            if (!e.style || !e.shown || !e.base) { return; }
            A.drawSprite(ctx, e.style, k, e.x, e.y, e.opacity);
            drawn.push(e.id);
        });
        canvas.drawn = drawn;
    }

    A.mapNodes = function () {
        var gd = A.plot("map");
        if (!gd || !gd._fullLayout || !gd._fullLayout.geo) { return null; }
        if (!nodes || nodes.gd !== gd || !gd.contains(nodes.probe || gd)) {
            nodes = collect(gd);
        }
        return nodes;
    };
    A.forgetMapNodes = function () { nodes = null; };

    A.project = function (lonlat) {
        var gd = A.plot("map"), sub = gd && gd._fullLayout.geo && gd._fullLayout.geo._subplot;
        return sub && typeof sub.projection === "function" ? sub.projection(lonlat) : null;
    };

    var GAP = 3;  // px at least between two markers of the year

    /* The year's own markers, in clusters that do not touch: those at one spot, or so
       close that they would touch (Port Arthur and Dalian on a phone), stand on a ring
       around their middle, GAP px apart; rings that would touch merge. Each cluster:
       {x, y, members (latest first), ring, hole: where the faded past may begin}. */
    function clusters(current) {
        var groups = {};
        current.forEach(function (e) { (groups[e.spotKey] = groups[e.spotKey] || []).push(e); });
        var list = Object.keys(groups).map(function (key) {
            var m = groups[key];
            return {x: m[0].base[0], y: m[0].base[1], members: m};
        });
        var reach = function (c) {
            var k = c.members.length, size = c.members[0].size;
            c.ring = k > 1 ? Math.max(size * 0.55, (size + GAP) / (2 * Math.sin(Math.PI / k))) : 0;
            return c.ring + size / 2;
        };
        for (var merged = true; merged;) {
            merged = false;
            for (var i = 0; i < list.length && !merged; i++) {
                for (var j = i + 1; j < list.length && !merged; j++) {
                    var a = list[i], b = list[j];
                    if (Math.hypot(a.x - b.x, a.y - b.y) < reach(a) + reach(b) + GAP) {
                        var ka = a.members.length, kb = b.members.length;
                        a.x = (a.x * ka + b.x * kb) / (ka + kb);
                        a.y = (a.y * ka + b.y * kb) / (ka + kb);
                        a.members = a.members.concat(b.members);
                        list.splice(j, 1);
                        merged = true;
                    }
                }
            }
        }
        list.forEach(function (c) {
            reach(c);
            var k = c.members.length, size = c.members[0].size;
            c.members.sort(function (a, b) { return byRank(b, a); });
            c.members.forEach(function (e, i) {
                var angle = -Math.PI / 2 + 2 * Math.PI * i / k;
                e.dx = c.x + c.ring * Math.cos(angle) - e.base[0];
                e.dy = c.y + c.ring * Math.sin(angle) - e.base[1];
            });
            c.hole = c.ring + size / 2;
        });
        return list;
    }

    /* The faded past at one spot, on a spiral (latest nearest the middle, each still
       seen), around the year's cluster if one stands there (outside its ring), else
       around the spot; then any that a cluster of the year covers, or that would sit
       in a ring's middle like one of its markers, is moved out to the ring's edge. */
    function spreadPast(past, around) {
        var c = past[0].size * 0.58, spot = past[0].base;
        var middle = around ? [around.x, around.y] : spot;
        var hole = around ? around.hole + past[0].size / 2 + 1 : 0;
        past.forEach(function (e, k) {
            var r = Math.sqrt(hole * hole + c * c * (k + (hole ? 0.5 : 0)));
            var a = k * GOLDEN - Math.PI / 2;
            e.dx = middle[0] + r * Math.cos(a) - spot[0];
            e.dy = middle[1] + r * Math.sin(a) - spot[1];
        });
    }

    /* Move a faded marker that a cluster of the year covers to the nearest place clear
       of every cluster near it (rings of places around where it was). */
    function clearOfClusters(e, near) {
        var x0 = e.base[0] + e.dx, y0 = e.base[1] + e.dy;
        var clear = function (x, y) {
            return near.every(function (c) { return Math.hypot(x - c.x, y - c.y) >= c.hole + e.size / 2 + 1; });
        };
        if (clear(x0, y0)) { return; }
        for (var r = e.size / 2; r <= e.size * 8; r += e.size / 2) {
            for (var k = 0; k < 16; k++) {
                var a = -Math.PI / 2 + k * Math.PI / 8, x = x0 + r * Math.cos(a), y = y0 + r * Math.sin(a);
                if (clear(x, y)) {
                    e.dx = x - e.base[0];
                    e.dy = y - e.base[1];
                    return;
                }
            }
        }
    }

    function byRank(a, b) { return a.rank - b.rank; }  // e.rank: set by paintMap

    /* Where the projection puts two fixed points: the same while the map is not panned
       or zoomed, so an event's projected spot is kept until it changes. */
    A.projectionKey = function () {
        return String(A.project([0, 0])) + "|" + String(A.project([100, 40]));
    };

    /* Place every visible marker (written by writeMarkers): the year's own in clusters
       that do not touch, the faded past spread around its spot and kept clear of them. */
    function place(list, scale) {
        var pastAt = {}, current = [], projected = A.projectionKey();
        list.forEach(function (e) {
            if (e.projected !== projected) {
                e.projected = projected;
                e.spot = A.project(e.lonlat);
                e.spotKey = e.spot && Math.round(e.spot[0] / 3) + ":" + Math.round(e.spot[1] / 3);
            }
            e.base = e.spot;
            e.dx = e.dy = 0;
            if (!e.base) { return; }
            if (e.layer === "current") {
                current.push(e);
            } else {
                (pastAt[e.spotKey] = pastAt[e.spotKey] || []).push(e);
            }
        });
        var year = clusters(current);
        Object.keys(pastAt).forEach(function (key) {
            var past = pastAt[key], spot = past[0].base;
            var spiral = past[0].size * (0.58 * Math.sqrt(past.length + 1) + 1);  // its reach
            var near = year.filter(function (c) {
                return Math.hypot(c.x - spot[0], c.y - spot[1]) < 2 * c.hole + spiral;
            });
            var around = near.find(function (c) { return Math.hypot(c.x - spot[0], c.y - spot[1]) < c.hole; });
            if (past.length > 1 || around) {
                past.sort(byRank).reverse();  // latest first, nearest the middle
                spreadPast(past, around);
            }
            if (near.length) { past.forEach(function (e) { clearOfClusters(e, near); }); }
        });
        list.forEach(function (e) {
            if (!e.base) { return; }
            e.x = e.base[0] + e.dx;
            e.y = e.base[1] + e.dy;
            if (!e.style) {  // an SVG node's (the past's canvas needs none)
                e.transform = "translate(" + e.x.toFixed(2) + "," + e.y.toFixed(2) + ")" +
                    (scale < 1 ? " scale(" + scale.toFixed(3) + ")" : "");
            }
        });
    }

    /* Write the year's state into the SVG: only what changed since the last paint (a
       step changes few markers' layer, and moves those around the spots it changes). */
    function writeMarkers(n) {
        n.events.forEach(function (e) {
            if (e.style) { return; }  // on the past's canvas
            if (e.drawn !== e.shown) {
                e.drawn = e.shown;
                e.node.style.opacity = e.shown ? e.opacity : 0;
                e.node.style.display = e.shown ? "" : "none";
            }
            /* read back, not remembered: Plotly moves the markers itself during a pan */
            if (e.shown && e.base && e.node.getAttribute("transform") !== e.transform) {
                e.node.setAttribute("transform", e.transform);
            }
        });
    }

    /* The year's own events that lie outside the map's view (Washington, Phnom Penh on
       the stage): a small marker at the edge, on the line from the middle towards them,
       which hovers and clicks like theirs (a click brings the event into view). Markers
       on one edge stand apart (OFF_GAP px), so that each can be clicked. */
    var OFF_SIZE = 20, OFF_GAP = 24;
    function offMap(shown, n) {
        var box = n.box, cx = box.x + box.width / 2, cy = box.y + box.height / 2, inset = 14;
        var edges = {};
        shown.filter(function (e) {
            return e.layer === "current" && e.base && !A.inView([e.x, e.y], box);
        }).forEach(function (e) {
            var dx = e.x - cx, dy = e.y - cy;
            var tx = Math.abs((box.width / 2 - inset) / (dx || 1e-9));
            var ty = Math.abs((box.height / 2 - inset) / (dy || 1e-9));
            var side = tx < ty ? (dx < 0 ? "left" : "right") : (dy < 0 ? "top" : "bottom");
            var t = Math.min(tx, ty);
            (edges[side] = edges[side] || []).push({id: e.id, x: cx + dx * t, y: cy + dy * t,
                size: OFF_SIZE, layer: "current", angle: Math.atan2(dy, dx), base: true, offmap: true});
        });
        var out = [];
        Object.keys(edges).forEach(function (side) {
            var along = side === "left" || side === "right" ? "y" : "x";
            var lo = (along === "y" ? box.y : box.x) + inset;
            var hi = (along === "y" ? box.y + box.height : box.x + box.width) - inset;
            var list = edges[side].sort(function (a, b) { return a[along] - b[along]; });
            var cap = A.state.bigMap && A.captionRect;  // the big map's caption (69-big-map.js)
            if (cap) {
                list.forEach(function (o) {
                    if (o.x > cap.x - OFF_GAP && o.x < cap.x + cap.w + OFF_GAP &&
                            o.y > cap.y - OFF_GAP && o.y < cap.y + cap.h + OFF_GAP) {
                        var pastStart = along === "y" ? cap.y + cap.h + OFF_GAP : cap.x + cap.w + OFF_GAP;
                        var beforeStart = along === "y" ? cap.y - OFF_GAP : cap.x - OFF_GAP;
                        o[along] = beforeStart - lo > OFF_GAP && o[along] < (beforeStart + pastStart) / 2 ?
                            beforeStart : pastStart;
                    }
                });
                list.sort(function (a, b) { return a[along] - b[along]; });
            }
            for (var i = 1; i < list.length; i++) {  // apart, downwards or rightwards
                list[i][along] = Math.max(list[i][along], list[i - 1][along] + OFF_GAP);
            }
            var over = list[list.length - 1][along] - hi;  // then back inside the edge
            for (var j = list.length - 1; j >= 0 && over > 0; j--) {
                var next = j + 1 < list.length ? list[j + 1][along] - OFF_GAP : hi;
                list[j][along] = Math.max(lo, Math.min(list[j][along], next));
            }
            out = out.concat(list);
        });
        return out;
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

    /* The mark of a contested event (two accounts, issue 23): a small circle of two
       halves, dark and light, at the upper right of its marker; the legend's ◐. Drawn
       into `svg` (an overlay's) for `marks`: [{x, y, size, faded}] in the plot's px,
       kept inside the overlay (a marker at the edge keeps its mark on the screen), which
       is the size of its plot (`full`, the plot's _fullLayout: read, not measured, as a
       measure here would lay out what the step has just written). */
    function drawContested(svg, marks, full) {
        if (!svg) { return; }
        var width = full.width || Infinity, height = full.height || Infinity;
        var group = svg.querySelector("g.atlas-contested");
        if (!group) {
            group = document.createElementNS(SVG, "g");
            group.setAttribute("class", "atlas-contested");
            svg.insertBefore(group, svg.firstChild);  // under the selection ring
        }
        group.textContent = "";
        marks.forEach(function (m) {
            var r = Math.max(4, m.size * 0.26), d = m.size * 0.42;
            var x = Math.min(Math.max(m.x + d, r + 1), width - r - 1);
            var y = Math.min(Math.max(m.y - d, r + 1), height - r - 1);
            var g = document.createElementNS(SVG, "g");
            g.setAttribute("transform", "translate(" + x.toFixed(1) + "," + y.toFixed(1) + ")");
            g.setAttribute("data-mark", "contested");
            if (m.faded) { g.setAttribute("opacity", "0.55"); }
            var disc = document.createElementNS(SVG, "circle");
            disc.setAttribute("r", r.toFixed(1));
            disc.setAttribute("fill", "#fff");
            disc.setAttribute("stroke", "#111");
            disc.setAttribute("stroke-width", "1.5");
            var half = document.createElementNS(SVG, "path");
            half.setAttribute("d", "M 0 " + (-r).toFixed(1) + " A " + r.toFixed(1) + " " + r.toFixed(1) +
                              " 0 0 0 0 " + r.toFixed(1) + " Z");
            half.setAttribute("fill", "#111");
            g.appendChild(disc);
            g.appendChild(half);
            group.appendChild(g);
        });
    }
    A.drawContested = drawContested;

    A.paintMap = function () {
        var n = A.mapNodes();
        if (!n) { return; }
        var year = A.state.year, layers = n.gd.layout.meta.layers;
        var shown = [], layerAt = A.layers();  // by rank
        if (n.eventsOf !== A.events) {  // each drawn marker's event, looked up once
            n.eventsOf = A.events;
            n.events.forEach(function (e) { e.ev = A.byId[e.id]; });
        }
        n.events.forEach(function (e) {
            var ev = e.ev;
            if (!ev) {
                e.shown = false;
                return;
            }
            e.shown = layerAt[ev.rank] === e.layer;
            if (e.shown) {
                e.rank = ev.rank;
                shown.push(e);
            }
        });
        place(shown, n.scale);
        n.shown = shown;
        n.offmap = offMap(shown, n);
        n.shapes.forEach(function (s) {
            var ph = A.phase(s.m.start, s.m.end, year);
            var on = ph !== "future" &&
                A.filtered(s.m.theater, s.m.category, (A.byId[s.m.id] || {}).contested);
            s.opacity = on ? layers[ph].shape_opacity : 0;
        });
        n.periods.forEach(function (p) { p.shown = A.periodShown(p.from, p.to, year); });
        n.basemap.forEach(function (b) { b.shown = A.basemapShown(b.from, b.to, year); });
        /* The names are placed before anything is written: placing measures the areas
           (getBBox, isPointInFill), which would otherwise lay out again every marker
           just written (~10 ms a step at 2,000 events). */
        if (A.layoutLabels) { A.layoutLabels(); }
        drawOffMap(n.offmap);
        drawContested(A.overlaySvg("map"), shown.filter(function (e) {
            return e.base && (A.byId[e.id] || {}).contested && A.inView([e.x, e.y], n.box);
        }).map(function (e) {
            return {x: e.x, y: e.y, size: e.size, faded: e.layer === "past"};
        }), n.gd._fullLayout);
        A.drawMapRing();
        writeMarkers(n);
        drawPast(n);
        n.shapes.forEach(function (s) { s.g.style.opacity = s.opacity; });
        n.periods.forEach(function (p) { p.path.style.opacity = p.shown ? 1 : 0; });
        n.basemap.forEach(function (b) { b.node.style.opacity = b.shown ? 1 : 0; });
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
        var ring = svg.querySelector("circle.atlas-ring");  // not a contested mark's
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
