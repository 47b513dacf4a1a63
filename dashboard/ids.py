"""Every component id, named once. Layout, callbacks, JS-facing code and tests import these.

The four public ids (year-slider, map, timeline, details) are a promise to tests and to
pages that embed the atlas: do not rename them.
"""

URL = "url"
NOTICE = "notice"
YEAR_DISPLAY = "year-display"
YEAR_SLIDER = "year-slider"
PLAY_BUTTON = "play-button"
PLAY_TIMER = "play-timer"
PRESENT_TOGGLE = "present-toggle"
MAP = "map"
TIMELINE = "timeline"
TIMELINE_EVENTS = "timeline-events"
DETAILS = "details"
STORY = "story"
STORY_STATE = "story-state"
SELECTED_EVENT = "selected-event"
THEATER_FILTER = "theater-filter"
CATEGORY_FILTER = "category-filter"
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
PAGE_TEXTS = "page-texts"  # the page's language and the words atlas.js writes
