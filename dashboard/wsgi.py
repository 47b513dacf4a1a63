"""What gunicorn serves: `gunicorn dashboard.wsgi:server` (see the Procfile).

Importing this module loads and validates the data; with `--preload` that happens once
in the master process and the workers share it. Bad data stops the server before it
listens, with the same one-line-per-problem report as `python -m dashboard check`.
"""

import sys

from .app import create_app
from .atlas.data import DataError
from .classroom.db import DatabaseError

try:
    server = create_app().server
except DataError as err:
    print(err.report(), file=sys.stderr)
    sys.exit(1)
except DatabaseError as err:  # a DATABASE_URL that names no database: say so, once
    print(err, file=sys.stderr)
    sys.exit(1)
