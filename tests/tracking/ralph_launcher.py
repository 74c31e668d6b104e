"""Run Ralph's LRS API with the filesystem backend in append mode. Runs under Ralph's own
Python (.deps/ralph), not ours: tests/tracking/lrs_server.py starts it.

    .deps/ralph/bin/python ralph_launcher.py HOST PORT

Ralph's settings come from the environment (RALPH_RUNSERVER_BACKEND=fs, RALPH_AUTH_FILE,
RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH). The filesystem backend writes in create
mode, so only the first POST would succeed; append mode must be set before `ralph.api` is
imported, because the statements router builds its backend client at import time."""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

from ralph.api import app  # noqa: E402 - after the backend is switched to append


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
