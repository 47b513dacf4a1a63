/*
 * Names on the map: the year's territories, and the rivers, written where they collide
 * with nothing. A territory's name goes inside its area where it fits there clear of
 * the year's events, else beside it, with a thin line to the area when it stands off;
 * rivers are named near a point of their course. A name is placed only where it
 * overlaps no other name, no event of the year, no other territory and not the map's
 * toolbar, inside the map; one that finds no such place is left out (hovering its area
 * still names it).
 */
(function () {
    "use strict";

    var A = window.atlas;
    var SVG = "http://www.w3.org/2000/svg";
    var GAP = 4, SPACING = 8;

    function overlaps(a, b, margin) {
        return a.x < b.x + b.w + margin && b.x < a.x + a.w + margin &&
            a.y < b.y + b.h + margin && b.y < a.y + a.h + margin;
    }

    function within(a, box) {
        return a.x >= box.x + 2 && a.y >= box.y + 2 &&
            a.x + a.w <= box.x + box.width - 2 && a.y + a.h <= box.y + box.height - 2;
    }

    function point(path, x, y) {
        var pt = path.ownerSVGElement.createSVGPoint();
        pt.x = x;
        pt.y = y;
        return pt;
    }

    /* Whether a name's box lies wholly in the area (its corners and middle). */
    function insideArea(box, path) {
        return [[0, 0], [1, 0], [0, 1], [1, 1], [0.5, 0.5]].every(function (f) {
            return path.isPointInFill(point(path, box.x + f[0] * box.w, box.y + f[1] * box.h));
        });
    }

    /* Where a name may go, best first: inside the area (its anchor, then a grid over
       it), then beside it, a little further out each round (a marker may stand on a
       small area). Each place says whether it is inside. */
    function candidates(w, h, anchor, area) {
        var out = [{x: anchor[0] - w / 2, y: anchor[1] - h / 2, inside: true}];
        var a = area || {x: anchor[0] - 6, y: anchor[1] - 6, width: 12, height: 12};
        if (area && w < area.width && h < area.height) {
            for (var i = 1; i < 6; i++) {
                for (var j = 1; j < 4; j++) {
                    out.push({x: a.x + (a.width - w) * i / 6, y: a.y + (a.height - h) * j / 4,
                              inside: true});
                }
            }
        }
        var cx = anchor[0] - w / 2, cy = anchor[1] - h / 2;
        [GAP, GAP + 12, GAP + 22].forEach(function (g) {
            var right = a.x + a.width + g, left = a.x - g - w;
            var above = a.y - g - h, below = a.y + a.height + g;
            var midY = Math.min(Math.max(cy, a.y - h / 2), a.y + a.height - h / 2);
            var midX = Math.min(Math.max(cx, a.x - w / 2), a.x + a.width - w / 2);
            [[right, midY], [left, midY], [midX, above], [midX, below], [right, a.y - h],
             [left, a.y - h], [right, a.y + a.height], [left, a.y + a.height]].forEach(function (q) {
                out.push({x: q[0], y: q[1], inside: false});
            });
        });
        return out;
    }

    function label(layer, key, text, kind) {
        var el = layer.querySelector("div[data-label='" + key + "']");
        if (!el) {
            el = document.createElement("div");
            el.className = "atlas-map-label atlas-map-label-" + kind;
            el.setAttribute("data-label", key);
            layer.appendChild(el);
        }
        if (el.textContent !== text) { el.textContent = text; }
        return el;
    }

    /* A name's size, measured once per text and page style (measuring forces a layout). */
    function size(el) {
        var key = el.textContent + "|" + document.documentElement.className + "|" + window.innerWidth;
        if (el.__atlasSizeKey !== key) {
            el.__atlasSizeKey = key;
            el.__atlasSize = [el.offsetWidth, el.offsetHeight];
        }
        return el.__atlasSize;
    }

    /* Whether a name would lie on another territory of the year (its middle or a
       corner): the name of Manchukuo written over Mongolia would name the wrong place.
       Only territories whose box (p.box, from layoutLabels) the name's meets are asked. */
    function onOtherTerritory(box, key, n) {
        return n.periods.some(function (p) {
            return p.shown && "t-" + p.id !== key && p.box && overlaps(box, p.box, 0) &&
                [[0.5, 0.5], [0, 0], [1, 0], [0, 1], [1, 1]].some(function (f) {
                    return p.path.isPointInFill(point(p.path, box.x + f[0] * box.w, box.y + f[1] * box.h));
                });
        });
    }

    /* The map's toolbar in the plot's px, measured once per Plotly render (measuring
       forces a layout, and a year step does not move it). */
    function toolbarOf(n) {
        if (n.toolbar === undefined) {
            var bar = n.gd.querySelector(".modebar");
            if (!bar) { return null; }  // not drawn yet: look again next time
            var gd = n.gd.getBoundingClientRect(), b = bar.getBoundingClientRect();
            n.toolbar = bar.offsetWidth ?
                {x: b.left - gd.left, y: b.top - gd.top, w: b.width, h: b.height} : null;
        }
        return n.toolbar;
    }

    /* What a name must not cover: the year's events (earlier ones only if it must), the
       ring of the selection, the map's toolbar; in a grid of CELL px squares, so that a
       place is checked against what lies near it, not against every event of a teacher's
       thousands. */
    var CELL = 48;
    function obstaclesOf(n) {
        var out = [], shown = n.shown || [];
        for (var s = 0; s < shown.length; s++) {
            var e = shown[s];
            if (!e.base) { continue; }
            var r = e.size / 2 + (e.id === A.state.selected ? 11 : 1);  // and the ring
            out.push({x: e.x - r, y: e.y - r, w: 2 * r, h: 2 * r, soft: e.layer === "past"});
        }
        var bar = toolbarOf(n);
        if (bar) { out.push(bar); }
        if (A.state.bigMap && A.captionRect) { out.push(A.captionRect); }  // 69-big-map.js
        var cells = new Map();
        out.forEach(function (o, k) {
            o.k = k;
            for (var i = Math.floor(o.x / CELL); i <= Math.floor((o.x + o.w) / CELL); i++) {
                for (var j = Math.floor(o.y / CELL); j <= Math.floor((o.y + o.h) / CELL); j++) {
                    var cell = cells.get(cellKey(i, j));
                    if (cell) { cell.push(o); } else { cells.set(cellKey(i, j), [o]); }
                }
            }
        });
        return {cells: cells};
    }
    /* a cell's key: its column and row in one number (a map is far less than 2^16
       cells across, and a marker off the map's edge may have a negative one) */
    function cellKey(i, j) { return (i + 32768) * 65536 + (j + 32768); }

    /* Whether any obstacle that `box` overlaps (with `margin`) passes `test`. */
    function anyNear(obstacles, box, margin, test) {
        var seen = {};
        for (var i = Math.floor((box.x - margin) / CELL); i <= Math.floor((box.x + box.w + margin) / CELL); i++) {
            for (var j = Math.floor((box.y - margin) / CELL); j <= Math.floor((box.y + box.h + margin) / CELL); j++) {
                var cell = obstacles.cells.get(cellKey(i, j)) || [];
                for (var k = 0; k < cell.length; k++) {
                    var o = cell[k];
                    if (!seen[o.k] && (seen[o.k] = true) && overlaps(box, o, margin) && test(o)) { return true; }
                }
            }
        }
        return false;
    }

    /* A thin line from a name that stands off its area to the area's anchor. */
    function leader(svg, key, spot, anchor) {
        var line = svg.querySelector("line[data-label='" + key + "']");
        if (!spot) {
            if (line) { line.style.display = "none"; }
            return;
        }
        if (!line) {
            line = document.createElementNS(SVG, "line");
            line.setAttribute("class", "atlas-leader");
            line.setAttribute("data-label", key);
            svg.insertBefore(line, svg.firstChild);
        }
        var x = Math.min(Math.max(anchor[0], spot.x), spot.x + spot.w);
        var y = Math.min(Math.max(anchor[1], spot.y), spot.y + spot.h);
        line.setAttribute("x1", x.toFixed(1));
        line.setAttribute("y1", y.toFixed(1));
        line.setAttribute("x2", anchor[0].toFixed(1));
        line.setAttribute("y2", anchor[1].toFixed(1));
        line.style.display = Math.hypot(x - anchor[0], y - anchor[1]) > 10 ? "" : "none";
    }

    function place(want, w, h, n, placed, obstacles) {
        var options = candidates(w, h, want.anchor, want.area);
        for (var pass = 0; pass < 2; pass++) {  // earlier events may be covered last
            for (var i = 0; i < options.length; i++) {
                var c = options[i], box = {x: c.x, y: c.y, w: w, h: h};
                var free = within(box, n.box) &&
                    placed.every(function (q) { return !overlaps(box, q, SPACING); }) &&
                    !anyNear(obstacles, box, 1, function (o) { return !(pass === 1 && o.soft); });
                if (!free) { continue; }
                /* the areas last, and once a place while the year's territories and
                   the projection stay (n.areaOk): each asks the browser's geometry
                   (isPointInFill), the dearest of these tests */
                var key = want.key + "|" + box.x + "|" + box.y + "|" + w + "|" + h;
                if (n.areaOk[key] === undefined) {
                    n.areaOk[key] = !(c.inside && want.path && !insideArea(box, want.path)) &&
                        !onOtherTerritory(box, want.key, n);
                }
                if (n.areaOk[key]) { return {x: box.x, y: box.y, w: w, h: h, inside: c.inside}; }
            }
        }
        return null;
    }

    A.layoutLabels = function () {
        var n = A.mapNodes(), layer = A.overlay("map"), svg = A.overlaySvg("map");
        if (!n || !layer || !A.page) { return; }
        var placed = [], obstacles = obstaclesOf(n), wanted = [];
        var areas = A.projectionKey() + "|" + n.periods.filter(function (p) { return p.shown; })
            .map(function (p) { return p.id; }).join(",");
        if (n.areas !== areas) {
            n.areas = areas;
            n.areaOk = {};
        }
        n.periods.forEach(function (p) {
            var box = p.shown ? p.path.getBBox() : null;
            p.box = box && {x: box.x, y: box.y, w: box.width, h: box.height};
            var t = A.page.territories.find(function (x) { return x.id === p.id; });
            if (!t) { return; }
            wanted.push({key: "t-" + t.id, text: t.label, kind: "territory", show: p.shown,
                         anchor: A.project([t.lon, t.lat]), area: box, path: p.path,
                         size: box ? box.width * box.height : 0});
        });
        // small areas first: they have the fewest places to go
        wanted.sort(function (a, b) { return a.size - b.size; });
        A.page.rivers.forEach(function (r) {
            wanted.push({key: "r-" + r.id, text: r.label, kind: "river", show: true,
                         anchor: A.project([r.lon, r.lat]), area: null});
        });
        wanted.forEach(function (want) {
            var el = label(layer, want.key, want.text, want.kind);
            var spot = null;
            if (want.show && want.anchor && A.inView(want.anchor, n.box)) {
                el.style.display = "block";
                var wh = size(el);
                spot = place(want, wh[0], wh[1], n, placed, obstacles);
            }
            if (spot) {
                placed.push(spot);
                el.style.transform = "translate(" + Math.round(spot.x) + "px," + Math.round(spot.y) + "px)";
                el.style.display = "block";
            } else {
                el.style.display = "none";
            }
            leader(svg, want.key, spot && !spot.inside ? spot : null, want.anchor);
        });
    };

    A.inView = function (xy, box) {
        return xy[0] >= box.x && xy[0] <= box.x + box.width && xy[1] >= box.y && xy[1] <= box.y + box.height;
    };
})();
