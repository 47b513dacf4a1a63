"""The class's own events, a feature: a teacher's file read and checked, a visitor's
uploads, and class sets with their database. Never imports the page or the lesson."""
