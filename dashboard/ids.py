"""Every component id, named once. Layout, callbacks, JS-facing code and tests import these.

The four public ids (year-slider, map, timeline, details) are a promise to tests and to
pages that embed the atlas: do not rename them.
"""

URL = "url"
NOTICE = "notice"
YEAR_DISPLAY = "year-display"
YEAR_SLIDER = "year-slider"
PLAY_BUTTON = "play-button"
PLAY_SPEED = "play-speed"
PRESENT_TOGGLE = "present-toggle"
MAP = "map"
MAP_OVERLAY = "map-overlay"  # names, selection ring and pointer label, drawn by the page
TIMELINE = "timeline"
TIMELINE_OVERLAY = "timeline-overlay"
TIMELINE_YEARS = "timeline-years"  # the tall timeline's years, kept in sight (40-timeline.js)
TIMELINE_EVENTS = "timeline-events"
DETAILS = "details"
YEAR_EVENTS = "year-events"  # the year's events by name: the map's text alternative
STORY = "story"
STORY_STATE = "story-state"
SELECTED_EVENT = "selected-event"
THEATER_FILTER = "theater-filter"
CATEGORY_FILTER = "category-filter"
CONTESTED_FILTER = "contested-filter"  # ["contested"]: only the events told from both sides
EXPORT_CSV = "export-csv"
EXPORT_PNG = "export-png"
DOWNLOAD = "download"
YOUR_EVENTS = "your-events"  # the visitor's uploaded events, in their browser's storage
UPLOAD = "upload"
UPLOAD_FILE = "upload-file"
UPLOAD_LIMITS = "upload-limits"
UPLOAD_REPORT = "upload-report"
YOURS_STATUS = "your-events-status"
REMOVE_YOURS = "remove-your-events"
TEMPLATE_CSV = "template-csv"
PAGE_DATA = "page-data"  # the page's language, words and names for its scripts
EVENT_INDEX = "event-index"  # every event in time order, in the page's language
# A lesson (issue 16): a range to export and print, and class sets (?set=)
EXPORT_RANGE = "export-range"  # {"from": int, "to": int}: the years chosen for export and print
RANGE_CHAPTER = "range-chapter"
RANGE_FROM = "range-from"
RANGE_TO = "range-to"
EXPORT_RANGE_CSV = "export-range-csv"
EXPORT_RANGE_PNG = "export-range-png"
EXPORT_WORKSHEET = "export-worksheet"  # the range as a class worksheet (CSV)
PRINT_LINK = "print-link"
PDF_LINK = "pdf-link"
CLASS_SET = "class-set"  # {"id": ...} of the class set the link opened, or None
CLASS_SET_PANEL = "class-set-panel"
SET_TITLE = "set-title"
SET_LINKS = "set-links"
TEACHER_KEY = "teacher-key"
PUBLISH_SET = "publish-set"
DELETE_SET = "delete-set"
DELETE_SET_ID = "delete-set-id"
SHARE_REPORT = "share-report"
# Two years compared (issue 24): ?compare=1950,1969, a picker and the key C
COMPARE_BOX = "compare-box"
COMPARE_ASKED = "compare-asked"  # "1950,1969" as the link or the controls ask, unchecked
COMPARE = "compare"  # {"a": 1950, "b": 1969} shown, checked by the server, or None
COMPARE_WITH = "compare-with"  # "compare with" a year: the picker when not comparing
COMPARE_A = "compare-a"
COMPARE_B = "compare-b"
COMPARE_VIEW = "compare-view"  # the two maps and what changed, drawn by the server
COMPARE_MAP_A = "compare-map-a"
COMPARE_MAP_B = "compare-map-b"
COMPARE_CHANGES = "compare-changes"
COMPARE_NOTICE = "compare-notice"
COMPARE_PNG = "compare-png"
COMPARE_PRINT = "compare-print"
COMPARE_PDF = "compare-pdf"
COMPARE_CLOSE = "compare-close"
# Search that moves time (issue 24): the box's place in the header; the page's script
# builds the input, the list and the typed year in it (assets/js/75-search.js)
SEARCH = "search"
SEARCH_INPUT = "search-input"
SEARCH_RESULTS = "search-results"
SEARCH_STATUS = "search-status"
YEAR_INPUT = "year-input"  # the year typed over the year display or from the slider
BIG_MAP_TOGGLE = "big-map-toggle"
MAP_CAPTION = "map-caption"
SEARCH_DATA = "search-data"
# A lesson, round two (issue 22): tour steps from-to, the handout's layout, its answer
# key, and the teacher's own question per step (all carried by the print links)
RANGE_STEP_FROM = "range-step-from"
RANGE_STEP_TO = "range-step-to"
LESSON_QUERY = "lesson-query"  # {"range": "chapter=…", "steps": [...]}: the chosen range's link
HANDOUT_LAYOUT = "handout-layout"  # "1": steps one after another; "2": two to a page
KEY_LINK = "key-link"  # the teacher's answer key (/print?…&key=1)
STEP_QUESTIONS = "step-questions"  # the fields of the teacher's questions, one per step
STEP_QUESTION = "step-question"  # STEP_QUESTION-18: step 18's field (-18-row: its label)
QUESTIONS_NOTE = "questions-note"  # how much room the questions leave in a link
