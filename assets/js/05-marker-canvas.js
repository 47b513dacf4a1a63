/*
 * Markers drawn on a canvas instead of as SVG nodes, for the map's faded past
 * (10-map-paint.js) and the timeline's events (40-timeline.js): at 2,000 events, as
 * nodes, they were most of what the browser styled, laid out and painted (issue 25).
 * Plotly still draws one node of a trace's markers; its symbol, colours and opacity are
 * read from it (markerStyle) and each marker is one drawImage of a pre-drawn copy
 * (sprites), on a canvas that sits in Plotly's own SVG, where its layer was
 * (layerCanvas).
 */
(function () {
    "use strict";

    var A = window.atlas;
    var SVG = "http://www.w3.org/2000/svg";

    /* How Plotly drew the markers of a trace (they share a symbol, size and colours), to
       draw them again on a canvas; null if the symbol is not one a canvas can draw. */
    A.markerStyle = function (node) {
        var d = node && node.getAttribute("d");
        if (!d || !window.Path2D || /[^MLHVAZCQSTmlhvazcqst0-9.,\-\se]/.test(d)) { return null; }
        var st = node.style, alpha = function (v) { return v === "" ? 1 : parseFloat(v); };
        var reach = Math.max.apply(null, d.match(/[0-9.]+(e-?[0-9]+)?/g).map(Number));
        var out = {d: d, path: new Path2D(d), fill: st.fill, stroke: st.stroke, reach: reach,
                   fillAlpha: alpha(st.fillOpacity), strokeAlpha: alpha(st.strokeOpacity),
                   width: parseFloat(st.strokeWidth) || 0};
        var computed = window.getComputedStyle(node);
        out.join = computed.strokeLinejoin || "miter";
        out.miter = parseFloat(computed.strokeMiterlimit) || 4;
        out.fills = !!out.fill && out.fill !== "none" && out.fillAlpha > 0;
        out.strokes = out.width > 0 && !!out.stroke && out.stroke !== "none" && out.strokeAlpha > 0;
        return out;
    };

    /* A trace's marker drawn once on a small canvas, at full opacity (as SVG composites
       a node before its opacity), scaled by k, in four copies offset by half a device
       pixel across and down: a marker is then one drawImage, at whole pixels, within a
       quarter pixel of its place. Drawing 1,500 symbols as paths was ~6 ms a step. */
    function sprites(st, k, ratio) {
        if (st.spritesK === k && st.spritesRatio === ratio) { return st.sprites; }
        var reach = Math.ceil((st.reach + st.width) * k * ratio) + 1, size = 2 * reach + 1;
        st.sprites = [0, 0.5].map(function (dy) {
            return [0, 0.5].map(function (dx) {
                var c = document.createElement("canvas");
                c.width = c.height = size;
                var g = c.getContext("2d");
                g.setTransform(ratio * k, 0, 0, ratio * k, reach + dx, reach + dy);
                if (st.fills) {
                    g.globalAlpha = st.fillAlpha;
                    g.fillStyle = st.fill;
                    g.fill(st.path);
                }
                if (st.strokes) {
                    g.globalAlpha = st.strokeAlpha;
                    g.strokeStyle = st.stroke;
                    g.lineWidth = st.width;
                    g.lineJoin = st.join;
                    g.miterLimit = st.miter;  // plotly.js's CSS says 2; a canvas's is 10
                    g.stroke(st.path);
                }
                return c;
            });
        });
        st.spriteReach = reach;
        st.spritesK = k;
        st.spritesRatio = ratio;
        return st.sprites;
    }

    /* One marker of style `st` at (x, y) px of the canvas, scaled by k, at `alpha`. */
    A.drawSprite = function (ctx, st, k, x, y, alpha) {
        var ratio = ctx.canvas.ratio || 1, copies = sprites(st, k, ratio);
        var px = Math.round(2 * ratio * x) / 2, py = Math.round(2 * ratio * y) / 2;
        var ix = Math.floor(px), iy = Math.floor(py);
        ctx.globalAlpha = alpha;
        ctx.drawImage(copies[py - iy ? 1 : 0][px - ix ? 1 : 0], ix - st.spriteReach, iy - st.spriteReach);
    };

    /* A canvas of w x h px (at the screen's pixel ratio) in `layer` of Plotly's SVG,
       just before `before` (at the end without it), made once and kept; cleared. It
       takes no pointer events: Plotly's hover and the page's own answer them. */
    A.layerCanvas = function (layer, before, className, w, h) {
        var holder = layer.querySelector("foreignObject." + className);
        if (!holder) {
            holder = document.createElementNS(SVG, "foreignObject");
            holder.setAttribute("class", className);
            holder.setAttribute("pointer-events", "none");
            var made = document.createElement("canvas");
            made.className = className;
            made.style.display = "block";
            holder.appendChild(made);
        }
        if (before ? holder.nextSibling !== before : holder !== layer.lastChild) {
            layer.insertBefore(holder, before || null);
        }
        var ratio = window.devicePixelRatio || 1, c = holder.firstChild;
        w = Math.ceil(w);
        h = Math.ceil(h);
        if (holder.getAttribute("width") !== String(w) || holder.getAttribute("height") !== String(h) ||
                c.width !== Math.round(w * ratio)) {
            holder.setAttribute("width", w);
            holder.setAttribute("height", h);
            c.width = Math.round(w * ratio);
            c.height = Math.round(h * ratio);
            c.style.width = w + "px";
            c.style.height = h + "px";
        }
        c.ratio = c.width / w;
        var ctx = c.getContext("2d");
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.clearRect(0, 0, c.width, c.height);
        return c;
    };
})();
