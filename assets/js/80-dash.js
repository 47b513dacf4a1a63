/*
 * The clientside callbacks Dash calls (namespace `atlas`): the bridge between Dash's
 * props and the page's own state (00-core.js). What Dash changes (a link read on
 * arrival, a filter, an upload) comes in through `sync`; what the page changes itself
 * goes back to Dash with set_props.
 */
(function () {
    "use strict";

    var A = window.atlas;
    var stackedFrom = null;    // the timeline figure the drawn one was stacked from

    function noUpdate() { return window.dash_clientside.no_update; }

    /* Resolve once both plots have been drawn: plotly.js loads lazily, and the map
       waits for its basemap topojson before it has a projection. */
    function drawn() {
        var ready = function () {
            var map = A.plot("map"), timeline = A.plot("timeline");
            var geo = map && map._fullLayout && map._fullLayout.geo;
            return !!(geo && geo._subplot && geo._subplot.projection &&
                      map.querySelector(".geo g.trace") && timeline && timeline._fullLayout &&
                      timeline._fullLayout.xaxis);
        };
        return new Promise(function (resolve) {
            (function poll() { return ready() ? resolve() : window.setTimeout(poll, 25); })();
        });
    }

    /* A story opened or stepped while the side panel is scrolled down (a chapter's
       link, the tour's, Next): the panel scrolls back up to the story's box, else its
       text and its Previous and Next are above the panel's top (the browser keeps what
       was in view in place as the box above it fills). Once the box is drawn; only the
       panel scrolls, never the page (on a phone the panel does not scroll). */
    function storyInSight() {
        window.setTimeout(function () {
            var box = document.getElementById("story"), side = box && box.closest(".atlas-side");
            if (!side || side.scrollHeight <= side.clientHeight) { return; }
            var top = box.getBoundingClientRect().top - side.getBoundingClientRect().top;
            if (top < 0) { side.scrollTop += top; }
        }, 0);
    }

    /* After any redraw Plotly does on its own (zoom, pan, resize, a new figure), read
       what it drew and apply the shown state again. */
    function hook() {
        var map = A.plot("map"), timeline = A.plot("timeline");
        if (!map.__atlasHooked) {
            map.__atlasHooked = true;
            var repaint = function () { A.forgetMapNodes(); A.paintMap(); A.keepFrameFilled(); };
            /* A relayout by Plotly.relayout (dcc's resize after mount, a view) draws and
               says so twice: afterplot, then relayout a microtask later; painted once
               (at 2,000 events a paint is ~25 ms). A zoom or pan by the pointer says
               relayout alone, and is painted. */
            var justDrawn = false;
            map.on("plotly_afterplot", function () {
                repaint();
                justDrawn = true;
                window.setTimeout(function () { justDrawn = false; }, 0);
            });
            map.on("plotly_relayouting", A.paintMap);  // a pan under way: keep markers spread
            map.on("plotly_relayout", function (change) {
                if (!justDrawn) { repaint(); }
                A.keepSelectionInView(change);
            });
            A.hookMapPointer(map);
        }
        if (!timeline.__atlasHooked) {
            timeline.__atlasHooked = true;
            timeline.on("plotly_afterplot", function () {
                A.fitTimelineBox(timeline);
                A.paintTimeline();
                A.restackTimeline();  // drawn at another size than it was stacked for
            });
        }
        A.watchSlider();
        /* once per slider (a resize and the fonts' arrival fit them again, 70-controls.js):
           not at every call, which follows each year step before its frame, when
           measuring the marks would lay out every marker the step has just moved */
        var slider = document.getElementById("year-slider");
        if (slider && !slider.__atlasFitted) {
            slider.__atlasFitted = true;
            A.fitEras();
        }
    }

    /* Stack the timeline's events for the width it is drawn at (40-timeline.js). */
    A.restackTimeline = function () {
        var gd = A.plot("timeline");
        if (!stackedFrom || !gd || !gd._fullLayout) { return; }
        var was = (gd.layout.meta || {}).stackedFor;
        /* not stacked yet: the whole timeline is on its way (sync), stacked for the size
           the plot has then; stacking here too would draw it twice (0.2 s at 2,000 events) */
        if (!was) { return; }
        if (was[0] === gd._fullLayout.xaxis._length && was[1] === A.timelineRoom(gd) &&
                was[2] === A.state.present) { return; }
        A.stackTimeline(stackedFrom, gd).then(function (figure) {
            if (figure) { A.tellDash("timeline", {figure: figure}); }  // else a newer one comes
        });
    };

    /* What Dash says, applied once both plots are drawn. Dash may call this several
       times before that (on arrival, then with the link's year and event); each call
       applies the newest values, so an older call cannot undo a newer one. */
    var latest = null;

    /* What a paint reads from Dash besides the year: every input but the year (0), the
       selection (3) and the timeline's figure (4). The slider's echo of a step the page
       has painted itself changes none of them, and is not painted again (at 2,000
       events a paint is a long task's worth). */
    var paintedWith = null;
    function paintInputs(args) {
        return args.filter(function (_, i) { return i !== 0 && i !== 3 && i !== 4; });
    }
    function sameInputs(a, b) {
        return !!b && a.length === b.length && a.every(function (v, i) {
            return v === b[i] || (Array.isArray(v) && Array.isArray(b[i]) &&
                                  JSON.stringify(v) === JSON.stringify(b[i]));
        });
    }

    /* Apply Dash's values; a promise of the stacked timeline when its events are new,
       else null. */
    function apply(args, trigger) {
        var year = args[0], selected = args[3], timelineFull = args[4], events = args[5];
        /* a step the page has painted but not yet told Dash of: Dash's year is the one
           before, and the page's stands (A.tellYear brings Dash in line) */
        if (A.yearUntold()) { year = A.state.year; }
        A.page = args[7];
        if (events !== A.__events) {
            A.__events = events;
            A.setEvents(events);
        }
        /* new events: the worker stacks them while the year is painted below */
        var stacking = null;
        if (timelineFull !== stackedFrom) {
            stackedFrom = timelineFull;
            stacking = A.stackTimeline(stackedFrom, A.plot("timeline"));
        }
        A.state.theaters = new Set(args[1] || []);
        A.state.categories = new Set(args[2] || []);
        A.state.contestedOnly = (args[6] || []).indexOf("contested") >= 0;
        var inputs = paintInputs(args), changed = !sameInputs(inputs, paintedWith);
        paintedWith = inputs;
        if (year !== A.state.year) {
            A.setYear(year, "dash");
        } else if (changed) {
            A.paint();
        }
        /* the slider alone moved (the visitor dragged it): let go of an event of another
           year; a link read on arrival sets both, and keeps its event */
        if (trigger.length === 1 && trigger[0] === "year-slider.value") {
            A.selectionEndsWith(year);
            selected = A.state.selected;
        }
        if ((selected || null) !== A.state.selected) {
            A.select(selected, {from: "dash", frame: true});
        }
        return stacking;
    }

    /* The whole timeline is stacked (in a worker: 39-stacking.js), and then drawn by
       Plotly in a task of its own after the paint's: at 2,000 events the three together
       held the page for ~0.4 s just after the map was drawn (issue 25). */
    function stacked(stacking) {
        return stacking.then(function (figure) {
            return A.nextTask().then(function () { return [figure || noUpdate(), String(A.state.year)]; });
        });
    }

    function sync() {
        var args = Array.prototype.slice.call(arguments);
        latest = args;
        var trigger = ((window.dash_clientside.callback_context || {}).triggered || [])
            .map(function (t) { return t.prop_id; });
        return drawn().then(function () {
            hook();
            var stacking = latest === args ? apply(args, trigger) : null;
            return stacking ? stacked(stacking) : [noUpdate(), String(A.state.year)];
        });
    }

    /* dcc's graph, slider and upload are React.lazy parts (their code comes with the
       page: app.FIRST_CHUNKS). React asks for a lazy part only when it first renders it,
       and Dash's first render of the page would then show the parts' placeholders and
       put them in no sooner than 500 ms later (React 18 holds back revealing a
       suspended part that long), so the map waited. Rendered once here, off the page,
       as soon as the scripts have run, the parts are ready when Dash renders the page. */
    document.addEventListener("DOMContentLoaded", function () {
        var dcc = window.dash_core_components, React = window.React;
        if (!dcc || !window.ReactDOM || !window.ReactDOM.createRoot) { return; }
        var host = document.createElement("div");
        var root = window.ReactDOM.createRoot(host);
        var none = function () {};
        window.ReactDOM.flushSync(function () {
            root.render(React.createElement(React.Suspense, {fallback: null},
                React.createElement(dcc.Graph, {figure: {data: [], layout: {}}, setProps: none}),
                React.createElement(dcc.Slider, {min: 0, max: 1, value: 0, setProps: none}),
                React.createElement(dcc.Upload, {setProps: none})));
        });
        root.unmount();  // nothing of it is drawn: it was only to load the parts
    });

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        atlas: {
            sync: sync,

            /* A click on the timeline selects the event, and its year. */
            selectOnTimeline: function (click) {
                var point = click && click.points && click.points[0];
                var id = point && typeof point.customdata === "string" ? point.customdata : null;
                if (id && A.byId[id]) { A.select(id, {year: true, frame: true}); }
                return noUpdate();
            },

            /* The story a link opened (a chapter, a tour step): the address bar keeps
               its link while the view stays on it. */
            keepStory: function (story) {
                var same = !!(A.story && story && A.story.params === story.params);
                A.story = story;
                if (story) { A.view.told = true; }
                if (story && !same) { storyInSight(); }
                A.followStorySoon();
                return noUpdate();
            },

            /* What the search finds events by besides their titles (75-search.js). */
            keepSearchData: function (data) {
                A.searchData = data || null;
                if (window.MiniSearch && A.buildSearchIndex) { A.buildSearchIndex(); }
                return noUpdate();
            },

            /* The class set a link opened: its ?set= stays in the address bar. */
            keepClassSet: function (state) {
                A.classSet = state && state.id ? state.id : null;
                return noUpdate();
            },

            /* The map of a lesson's years, as a picture (65-export.js). */
            exportRangePng: function (clicks, range) {
                if (range && range.from && range.to) { A.exportMap(range); }
                return noUpdate();
            },

            /* Projector mode, from ?mode=present or the toggle: a class on <html> that
               the stylesheet reads (outside React, so no re-render undoes it). */
            present: function (clicks, search, page) {
                var trigger = ((window.dash_clientside.callback_context.triggered || [])[0] || {}).prop_id || "";
                var root = document.documentElement, on;
                var was = root.classList.contains("atlas-present");
                if (trigger.indexOf("present-toggle") === 0) {
                    on = !was;
                } else {  // a link followed inside the page (chapters, tour) keeps the mode
                    on = was || new URLSearchParams(search || "").get("mode") === "present";
                }
                var params = new URLSearchParams(window.location.search);
                if (on) { params.set("mode", "present"); } else { params.delete("mode"); }
                window.history.replaceState(null, "", "?" + params.toString());
                root.classList.toggle("atlas-present", on);
                A.state.present = on;
                if (on !== was) { window.dispatchEvent(new Event("resize")); }  // plots refit
                return [on ? "true" : "false", on ? page.texts.leave_present : page.texts.present];
            },

            /* The map as shown, at projector size (61-export.js). */
            exportPng: function () { return A.exportMap(); },

            /* A file too big is refused here, before it is sent; the server checks the
               rest (dashboard/classroom/upload.py). The upload is emptied, so the same file can be
               chosen again once it has been corrected. */
            checkUpload: function (contents, name, limits) {
                if (!contents) { return [noUpdate(), noUpdate()]; }
                window.dash_clientside.set_props("upload", {contents: null});
                var payload = contents.slice(contents.indexOf(",") + 1);
                var bytes = Math.floor(payload.length * 3 / 4);
                if (bytes > limits.bytes) {
                    return [noUpdate(), limits.too_big.replace("{name}", name || "The file")];
                }
                return [{name: name, contents: contents}, noUpdate()];
            },

            removeYours: function () { return [{files: []}, null]; }
        }
    });
})();
