"""What gunicorn serves: `gunicorn dashboard.wsgi:server` (see the Procfile).

Importing this module loads and validates the data; with `--preload` that happens once
in the master process and the workers share it.
"""

from .app import create_app

server = create_app().server
