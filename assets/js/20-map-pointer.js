/*
 * Hover and click on the map, answered by the page from what the year shows: only a
 * drawn event can be pointed at, and the nearest one wins. Plotly's own hover is off
 * (map_figure sets hovermode: false): Plotly would find the nearest point of any year,
 * drawn or not. Under the pointer, in this order: an event, a territory of the year,
 * a river, the country of the year.
 */
(function () {
    "use strict";

    var A = window.atlas;
    var REACH = 5;         // px beyond a marker's edge that still reach it
    var pending = null;    // the last pointer position, painted on the next frame
    var down = null;

    function gdPoint(gd, e) {
        var box = gd.getBoundingClientRect();
        return [e.clientX - box.left, e.clientY - box.top];
    }

    function inside(box, p) {
        return p[0] >= box.x && p[0] <= box.x + box.width && p[1] >= box.y && p[1] <= box.y + box.height;
    }

    /* The drawn event nearest to p within its reach, or null. */
    A.eventAt = function (p) {
        var n = A.mapNodes();
        if (!n || !n.shown || !inside(n.box, p)) { return null; }
        var best = null, bestD = Infinity;
        n.shown.concat(n.offmap || []).forEach(function (e) {
            if (!e.base) { return; }
            var d = Math.hypot(e.x - p[0], e.y - p[1]);
            if (d <= e.size / 2 + REACH && (d < bestD || (d === bestD && e.layer === "current"))) {
                best = e;
                bestD = d;
            }
        });
        return best;
    };

    function svgPoint(node, p) {
        var pt = node.ownerSVGElement.createSVGPoint();
        pt.x = p[0];
        pt.y = p[1];
        return pt;
    }

    /* Whether p points at a territory: inside it, or, for an area drawn smaller than a
       finger (Lüshun's naval base is ~3 px on the stage), within TARGET / 2 px of its
       middle. */
    var TARGET = 24;
    function onArea(path, p) {
        if (path.isPointInFill(svgPoint(path, p))) { return true; }
        var b = path.getBBox();
        return b.width < TARGET && b.height < TARGET &&
            Math.abs(p[0] - (b.x + b.width / 2)) <= TARGET / 2 && Math.abs(p[1] - (b.y + b.height / 2)) <= TARGET / 2;
    }

    /* What else is under p: a territory, a river, a country (names in the language). */
    function placeAt(p) {
        var n = A.mapNodes();
        if (!n || !inside(n.box, p)) { return null; }
        var page = A.page;
        for (var i = 0; i < n.periods.length; i++) {
            var per = n.periods[i];
            if (per.shown && per.path && onArea(per.path, p)) {
                var t = page.territories.find(function (x) { return x.id === per.id; });
                if (t) { return {title: t.name, text: t.note}; }
            }
        }
        var river = riverAt(p);
        if (river) { return {title: river.label}; }
        for (var j = 0; j < n.basemap.length; j++) {
            var b = n.basemap[j];
            if (b.shown && b.node.isPointInFill(svgPoint(b.node, p))) { return {title: b.name}; }
        }
        return null;
    }

    function riverAt(p) {
        var gd = A.plot("map");
        var g = Array.prototype.find.call(gd.querySelectorAll(".geo g.trace"), function (el) {
            var cd = el.__data__;
            return cd && cd[0] && cd[0].trace.meta && cd[0].trace.meta.role === "river";
        });
        var path = g && g.querySelector("path.js-line");
        if (!path) { return null; }
        var old = path.style.strokeWidth;
        path.style.strokeWidth = "10px";  // a river is thin: reach it within 5 px
        var hit = path.isPointInStroke(svgPoint(path, p));
        path.style.strokeWidth = old;
        if (!hit) { return null; }
        var best = null, bestD = Infinity;
        A.page.rivers.forEach(function (r) {  // the river whose name is nearest
            var xy = A.project([r.lon, r.lat]);
            var d = xy ? Math.hypot(xy[0] - p[0], xy[1] - p[1]) : Infinity;
            if (d < bestD) { best = r; bestD = d; }
        });
        return best;
    }

    function tip() {
        var layer = A.overlay("map");
        var el = layer && layer.querySelector(".atlas-tip");
        if (layer && !el) {
            el = document.createElement("div");
            el.className = "atlas-tip";
            el.setAttribute("role", "tooltip");
            layer.appendChild(el);
        }
        return el;
    }

    function showTip(p, title, text) {
        var el = tip();
        if (!el) { return; }
        if (!title) {
            el.style.display = "none";
            return;
        }
        el.textContent = "";
        var b = document.createElement("strong");
        b.textContent = title;
        el.appendChild(b);
        if (text) {
            el.appendChild(document.createElement("br"));
            el.appendChild(document.createTextNode(text));
        }
        el.style.display = "block";
        var layer = el.parentNode, w = el.offsetWidth, h = el.offsetHeight;
        var x = p[0] + 16, y = p[1] + 16;
        if (x + w > layer.clientWidth - 4) { x = Math.max(4, p[0] - 16 - w); }
        if (y + h > layer.clientHeight - 4) { y = Math.max(4, p[1] - 16 - h); }
        el.style.transform = "translate(" + Math.round(x) + "px," + Math.round(y) + "px)";
    }

    function hover() {
        var p = pending;
        pending = null;
        if (!p) { return; }
        var gd = A.plot("map");
        if (p.out) {
            showTip(p, null);
            gd.style.cursor = "";
            return;
        }
        var e = A.eventAt(p.xy);
        if (e) {
            var ev = A.byId[e.id];
            showTip(p.xy, ev.title, ev.date);
            gd.style.cursor = "pointer";
            return;
        }
        gd.style.cursor = "";
        var what = placeAt(p.xy);
        showTip(p.xy, what && what.title, what && what.text);
    }

    function onMove(e) {
        var gd = A.plot("map");
        if (!gd || e.buttons) { showTip(null, null); return; }
        var first = !pending;
        pending = {xy: gdPoint(gd, e)};
        if (first) { window.requestAnimationFrame(hover); }
    }

    /* A click (not the end of a drag) on a drawn event selects it, and its year. */
    function onDown(e) { down = [e.clientX, e.clientY]; }
    function onUp(e) {
        if (!down || Math.hypot(e.clientX - down[0], e.clientY - down[1]) > 5) { down = null; return; }
        down = null;
        var gd = A.plot("map");
        var xy = gd && gdPoint(gd, e), hit = gd && A.eventAt(xy);
        if (hit) {
            A.select(hit.id, {year: true, frame: !!hit.offmap});  // off the map: bring it in
            A.showDetailsOnNarrowScreens();
        } else if (gd && e.pointerType !== "mouse") {  // a tap names the place, as hover does
            var what = placeAt(xy);
            showTip(xy, what && what.title, what && what.text);
        }
    }

    A.hookMapPointer = function (gd) {
        if (gd.__atlasPointer) { return; }
        gd.__atlasPointer = true;
        gd.addEventListener("pointermove", onMove);
        gd.addEventListener("pointerleave", function () {
            pending = {out: true};
            window.requestAnimationFrame(hover);
        });
        gd.addEventListener("pointerdown", onDown, true);
        gd.addEventListener("pointerup", onUp, true);
    };
})();
