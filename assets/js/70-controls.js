/*
 * Keys for a teacher at the front of the room, Play, the slider, the slider's era
 * marks, and the address bar.
 */
(function () {
    "use strict";

    var A = window.atlas;
    var timer = null;      // Play's next step
    var stopAt = null;     // the year Play stops at: the end of the chapter
    var urlTimer = null;

    /* Page Down / Page Up (what a clicker sends): the next or previous event in time,
       from the selected one, or else from the shown year; in the order of the data's
       ranks (years.time_order), so a report follows the event it reports. */
    function neighbour(forward) {
        var shown = A.events.filter(function (ev) { return A.filtered(ev.theater, ev.category, ev.contested); });
        var at = shown.findIndex(function (ev) { return ev.id === A.state.selected; });
        if (at >= 0) { return shown[at + (forward ? 1 : -1)] || null; }
        var year = A.state.year;
        var candidates = shown.filter(function (ev) { return forward ? ev.start >= year : ev.start <= year; });
        return forward ? candidates[0] || null : candidates[candidates.length - 1] || null;
    }

    function onKey(e) {
        if (!A.page || e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) { return; }
        var target = e.target instanceof Element ? e.target : document.body;
        if (target.closest("input, textarea, select, [contenteditable]")) { return; }
        var onSlider = !!target.closest("#year-slider");
        var pressable = !!target.closest("button, a, summary");
        switch (e.key) {
        case "ArrowLeft":
        case "ArrowRight":
            if (onSlider) { return; }
            A.stopPlay();
            A.setYear(A.state.year + (e.key === "ArrowRight" ? 1 : -1));
            break;
        case "Home":
        case "End":
            if (onSlider) { return; }
            A.stopPlay();
            A.setYear(e.key === "Home" ? A.page.years[0] : A.page.years[1]);
            break;
        case "PageUp":
        case "PageDown":
            if (A.tourStep(e.key === "PageDown")) { break; }
            var next = neighbour(e.key === "PageDown");
            if (!next) { return; }
            A.stopPlay();
            A.select(next.id, {year: true, frame: true});
            break;
        case " ":
            if (pressable) { return; }
            A.togglePlay();
            break;
        case "Escape":
            if (!A.state.selected) { return; }
            A.select(null);
            break;
        default:
            return;
        }
        e.preventDefault();
        e.stopPropagation();
    }
    document.addEventListener("keydown", onKey, true);

    /* The slider, dragged or stepped with its own keys: paint as soon as React has
       moved its thumb, without waiting for Dash's callbacks. */
    A.watchSlider = function () {
        var slider = document.getElementById("year-slider");
        if (!slider || slider.__atlasWatched) { return; }
        slider.__atlasWatched = true;
        new MutationObserver(function () {
            var thumb = slider.querySelector("[role=slider]");
            var value = thumb && parseInt(thumb.getAttribute("aria-valuenow"), 10);
            A.nameSlider();  // React may have drawn a new thumb, without its name
            /* skip the echo of a value the page itself gave the slider a step ago, and
               the thumb React redraws where it was while the page's step is untold */
            if (value && value !== A.state.year && value !== A.toldSlider && !A.yearUntold()) {
                A.stopPlay();
                A.setYear(value, "slider");
            }
        }).observe(slider, {attributes: true, subtree: true, childList: true,
                            attributeFilter: ["aria-valuenow", "aria-label"]});
    };

    /* dcc.Slider has no prop for its thumb's accessible name: the page gives it one
       (again after React redraws the thumb). */
    A.nameSlider = function () {
        var thumb = document.querySelector("#year-slider [role=slider]");
        if (thumb && A.page && thumb.getAttribute("aria-label") !== A.page.texts.year) {
            thumb.setAttribute("aria-label", A.page.texts.year);
        }
    };

    /* Play: a year every so many seconds (the speed chosen beside the button), to the
       end of the chapter that holds the year (or the next chapter's end, from a
       chapter's last year). */
    function speed() {
        var select = document.getElementById("play-speed");
        var s = parseFloat(select && select.value);
        return (isFinite(s) && s > 0 ? s : 2) * 1000;
    }

    function label(playing) {
        var button = document.getElementById("play-button");
        var text = playing ? A.page.texts.pause : A.page.texts.play;
        if (button && button.textContent !== text) { A.tellDash("play-button", {children: text}); }
    }

    function step() {
        timer = null;
        var next = A.state.year + 1;
        if (next > stopAt) { return A.stopPlay(); }
        A.setYear(next, "play");
        if (next >= stopAt) { return A.stopPlay(); }
        timer = window.setTimeout(step, speed());
    }

    A.playing = function () { return stopAt !== null; };

    A.togglePlay = function () {
        if (A.playing()) { return A.stopPlay(); }
        var year = A.state.year, last = A.page.years[1];
        if (year >= last) { year = A.page.years[0]; A.setYear(year); }
        var chapter = A.chapterOf(year);
        if (chapter && chapter.last === year) { chapter = A.chapterOf(year + 1); }
        stopAt = chapter ? chapter.last : last;
        label(true);
        timer = window.setTimeout(step, speed());
    };

    A.stopPlay = function () {
        if (!A.playing()) { return; }
        window.clearTimeout(timer);
        timer = null;
        stopAt = null;
        label(false);
    };

    /* The slider's era marks: where two would overlap (a narrow screen, a long word),
       they first move apart a little, off their ticks; what still overlaps is hidden,
       the later one first. The shown year's own mark, and the first and last, are
       never the ones hidden (issue 21). The marks are measured here (on arrival, a
       resize, a font's arrival); a year step only chooses again among the places
       measured (A.showEras), without asking the browser for a layout. */
    var eras = null;       // [{node, year, left, right, drawn}] as last fitted
    var erasFor = null;    // the mark kept for the shown year when last chosen (-1: none)
    A.fitEras = function () {
        var marks = Array.prototype.slice.call(document.querySelectorAll("#year-slider .dash-slider-mark"));
        eras = null;
        if (!marks.length) { return; }
        marks.forEach(function (m) { m.style.visibility = ""; m.style.translate = ""; });
        var boxes = marks.map(function (m) { return m.getBoundingClientRect(); });
        var shift = marks.map(function () { return 0; });
        for (var i = 1; i + 2 < marks.length; i++) {  // inner pairs: nudge both apart
            var over = boxes[i].right + shift[i] + 8 - (boxes[i + 1].left + shift[i + 1]);
            if (over > 0 && over < 70) {
                shift[i] -= over / 2;
                shift[i + 1] += over / 2;
            }
        }
        marks.forEach(function (m, k) { if (shift[k]) { m.style.translate = shift[k].toFixed(1) + "px 0"; } });
        eras = marks.map(function (m, k) {
            /* a mark the phone's layout leaves out (display: none) has no box */
            return {node: m, year: parseInt(m.textContent, 10), drawn: boxes[k].width > 0,
                    left: boxes[k].left + shift[k], right: boxes[k].right + shift[k],
                    shift: shift[k], width: boxes[k].width};
        });
        erasFor = null;
        A.showEras();
    };

    /* Which marks show, for the shown year: its own mark first, then the first and the
       last, then the others in order, each kept unless it would overlap one kept. The
       own mark of an inner year that would overlap the first or the last moves off it,
       as far as its text still stands over its tick. */
    A.showEras = function () {
        if (!eras) { return; }
        if (!eras[0].node.isConnected) { A.fitEras(); return; }  // React drew them anew
        var own = eras.findIndex(function (e) { return e.drawn && e.year === A.state.year; });
        if (own === erasFor) { return; }  // the same choice: a step between other years
        erasFor = own;
        var last = eras.length - 1, order = [own, 0, last];
        eras.forEach(function (e, k) {  // each at its fitted place, the own one off the ends
            var by = 0;
            if (k === own && k > 0 && k < last) {
                by = Math.max(0, eras[0].right + 6.5 - e.left) - Math.max(0, e.right + 6.5 - eras[last].left);
                var most = Math.max(0, e.width / 2 - 6 - Math.abs(e.shift));
                by = Math.max(-most, Math.min(most, by));
            }
            e.by = by;
            var translate = e.shift + by ? (e.shift + by).toFixed(1) + "px 0" : "";
            if (e.node.style.translate !== translate) { e.node.style.translate = translate; }
        });
        for (var k = 1; k < last; k++) { order.push(k); }
        var kept = [], done = {};
        order.forEach(function (k) {
            var e = eras[k];
            if (!e || done[k]) { return; }
            done[k] = true;
            var clash = e.drawn && kept.some(function (o) {
                return e.left + e.by < o.right + o.by + 6 && o.left + o.by < e.right + e.by + 6;
            });
            var hidden = clash ? "hidden" : "";
            if (e.node.style.visibility !== hidden) { e.node.style.visibility = hidden; }
            if (e.drawn && !clash) { kept.push(e); }
        });
    };
    document.addEventListener("atlas-painted", function () { A.showEras(); });

    /* Whether the view is still the story's (the chapter's years; the tour step's event
       and year): the story's box and link hold only while it is. */
    A.onStory = function () {
        var story = A.story;
        if (!story) { return false; }
        if (story.kind === "chapter") {
            return story.first <= A.state.year && A.state.year <= story.last;
        }
        return story.year === A.state.year && (story.event || null) === A.state.selected;
    };

    /* In a tour, the clicker's Page Down and Page Up go to the next and previous step
       (the story's own links); returns whether it did. */
    A.tourStep = function (forward) {
        var story = A.story;
        if (!story || story.kind !== "tour" || !A.onStory()) { return false; }
        var to = story.step + (forward ? 1 : -1);
        var link = to >= 1 && to <= story.steps &&
            document.querySelector("#story a[href^='?tour=" + to + "']");
        if (!link) { return false; }
        link.click();
        return true;
    };

    /* Keep the address bar on the current view, so a teacher can share the moment: the
       story's own link while the view is a chapter's or a tour step's (?tour=3), else
       the year and the event; always the mode, the language the link asked for, and a
       class set's id. Nothing else a link carried is kept. */
    A.writeUrl = function () {
        var asked = new URLSearchParams(window.location.search), params = new URLSearchParams();
        var story = A.story, id = A.state.selected;
        var chapterEvent = story && story.kind === "chapter" && (story.event || null) === (id || null);
        if (A.onStory() && (story.kind === "tour" || chapterEvent)) {
            new URLSearchParams(story.params).forEach(function (v, k) { params.set(k, v); });
            if (story.kind === "chapter" && story.year !== A.state.year) {
                params.set("year", String(A.state.year));
            }
        } else {
            params.set("year", String(A.state.year));
            /* an uploaded event lives in this browser only: a link cannot name it */
            if (id && id.indexOf("upload-") !== 0) { params.set("event", id); }
        }
        if (A.state.present) { params.set("mode", "present"); }
        if (A.state.bigMap) { params.set("view", "map"); }
        if (["en", "zh", "ru"].indexOf(asked.get("lang")) >= 0) { params.set("lang", asked.get("lang")); }
        if (A.classSet) { params.set("set", A.classSet); }
        if (A.compare) { params.set("compare", A.compare); }  // two years compared (85-compare.js)
        if (A.searchQuery) { params.set("q", A.searchQuery); }  // the search's (75-search.js)
        document.documentElement.classList.toggle("atlas-story-left", !!story && !A.onStory());
        window.history.replaceState(null, "", "?" + params.toString());
    };
    A.writeUrlSoon = function () {
        window.clearTimeout(urlTimer);
        urlTimer = window.setTimeout(A.writeUrl, 120);
    };

    /* A language link opens the page in that language on the same view. */
    document.addEventListener("click", function (e) {
        var a = e.target instanceof Element ? e.target.closest("a.atlas-lang-link") : null;
        if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) { return; }
        A.writeUrl();
        var params = new URLSearchParams(window.location.search);
        params.set("lang", new URLSearchParams(a.getAttribute("href").slice(1)).get("lang"));
        e.preventDefault();
        window.location.assign("?" + params.toString());
    });

    document.addEventListener("click", function (e) {
        if (e.target instanceof Element && e.target.closest("#play-button")) { A.togglePlay(); }
    });

    /* a font that arrives late changes the marks' widths */
    if (document.fonts && document.fonts.addEventListener) {
        document.fonts.addEventListener("loadingdone", function () { A.fitEras(); });
    }

    window.addEventListener("resize", function () {
        window.clearTimeout(A.__resizeTimer);
        A.__resizeTimer = window.setTimeout(function () {
            A.fitEras();
            if (A.restackTimeline) { A.restackTimeline(); }
        }, 150);
    });
})();
