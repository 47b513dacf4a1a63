/*
 * The year's events by name, beside the map: each a button that opens its details.
 * It is the map's text alternative (the names and markers drawn over the map are
 * hidden from screen readers), and follows the filters and the language. The chapter
 * of the year is marked in the chapter list.
 */
(function () {
    "use strict";

    var A = window.atlas;
    var drawnFor = null;
    var made = new WeakMap();  // each event's item, made once: a step reuses them

    /* An event's <li>, holding its button. */
    function item(ev) {
        var li = made.get(ev);
        if (!li) {
            li = document.createElement("li");
            li.appendChild(makeButton(ev));
            made.set(ev, li);
        }
        return li;
    }

    /* Make `list` hold `items` in order, moving only what changed: the items a step
       keeps (an event of several years) are neither removed nor laid out again, which
       at 2,000 events was most of a step's layout (~3 ms of ~30 items rebuilt). */
    function reconcile(list, items) {
        var keep = new Set(items), child = list.firstChild;
        items.forEach(function (li) {
            while (child && !keep.has(child)) {  // gone this year
                var gone = child;
                child = child.nextSibling;
                list.removeChild(gone);
            }
            if (child === li) {
                child = child.nextSibling;
            } else {
                list.insertBefore(li, child);
            }
        });
        while (child) {
            var rest = child;
            child = child.nextSibling;
            list.removeChild(rest);
        }
    }

    function makeButton(ev) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "atlas-year-event" + (ev.theirs ? " atlas-theirs" : "");
        b.setAttribute("data-event", ev.id);
        var glyph = document.createElement("span");
        glyph.className = "atlas-glyph";
        glyph.setAttribute("aria-hidden", "true");
        var category = A.categoryOf(ev);
        glyph.style.color = category.colour;
        glyph.textContent = category.glyph || "●";
        var title = document.createElement("span");
        title.className = "atlas-year-event-title";
        title.textContent = ev.title;
        var date = document.createElement("span");
        date.className = "atlas-year-event-date";
        date.textContent = ev.date;
        b.appendChild(glyph);
        b.appendChild(title);
        b.appendChild(date);
        return b;
    }

    A.yearEvents = function () {
        var layers = A.layers();
        return A.events.filter(function (ev, i) { return layers[i] === "current"; });
    };

    /* A step's list, drawn just after the frame that shows the step's map and
       timeline: the list's ~30 new items of a teacher's year (their style and layout,
       ~4 ms) need not hold back the film; steps faster than frames draw it once. */
    var soon = false;
    A.renderYearListSoon = function () {
        if (soon) { return; }
        soon = true;
        A.afterFrame(function () {
            soon = false;
            A.renderYearList();
        });
    };

    A.renderYearList = function () {
        var box = document.getElementById("year-events");
        if (!box || !A.page) { return; }
        var events = A.yearEvents(), texts = A.page.texts, year = A.state.year;
        // texts in the key: a change of language redraws the list even when the events stay
        var key = year + "|" + texts.in_year + "|" + events.map(function (ev) { return ev.id + ":" + ev.title; }).join(",");
        if (key !== drawnFor) {
            drawnFor = key;
            var heading = box.querySelector("h2");
            heading.textContent = texts.in_year.replace("{year}", year);
            var old = box.querySelector(".atlas-year-list");
            var list = old && old.tagName === (events.length ? "UL" : "P") ? old :
                document.createElement(events.length ? "ul" : "p");
            if (list !== old) {
                list.className = "atlas-year-list";
                list.addEventListener("scroll", function () { list.atlasScrolled = list.scrollTop > 0; }, {passive: true});
            }
            if (events.length) {
                reconcile(list, events.map(item));
            } else {
                list.textContent = texts.nothing_in_year.replace("{year}", year);
            }
            if (!old) { box.appendChild(list); } else if (old !== list) { box.replaceChild(list, old); }
            box.setAttribute("data-year", String(year));  // drawn for this year (tests wait for it)
            /* a new year's list is read from its top (asked only of a list that has
               scrolled: setting scrollTop lays the page out) */
            if (list.atlasScrolled) {
                list.atlasScrolled = false;
                list.scrollTop = 0;
            }
        }
        var pressed = null, shown = box.querySelector(".atlas-year-list");
        box.querySelectorAll("button[data-event]").forEach(function (b) {
            var on = b.getAttribute("data-event") === A.state.selected;
            if (b.getAttribute("aria-pressed") !== String(on)) { b.setAttribute("aria-pressed", String(on)); }
            if (on) { pressed = b; }
        });
        if (pressed && shown) {  // the selected one in view within the list, not the page
            var top = pressed.offsetTop, bottom = top + pressed.offsetHeight;
            if (top < shown.scrollTop) { shown.scrollTop = top; }
            if (bottom > shown.scrollTop + shown.clientHeight) { shown.scrollTop = bottom - shown.clientHeight; }
        }
        A.markChapter();
    };

    /* The chapter whose years hold the year, marked in the chapter list. */
    A.chapterOf = function (year) {
        return (A.page.chapters || []).find(function (c) { return c.first <= year && year <= c.last; });
    };

    A.markChapter = function () {
        var chapter = A.chapterOf(A.state.year);
        document.querySelectorAll(".atlas-chapters li").forEach(function (li) {
            var a = li.querySelector("a");
            var here = !!chapter && !!a && new URLSearchParams(a.getAttribute("href").split("?")[1] || "").get("chapter") === chapter.id;
            li.classList.toggle("atlas-current", here);
            if (a) {
                if (here) { a.setAttribute("aria-current", "true"); } else { a.removeAttribute("aria-current"); }
            }
        });
    };

    document.addEventListener("click", function (e) {
        var b = e.target instanceof Element ? e.target.closest("#year-events button[data-event]") : null;
        if (b) {
            A.select(b.getAttribute("data-event"), {frame: true});
            A.showDetailsOnNarrowScreens();
        }
    });
})();
