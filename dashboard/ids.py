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
