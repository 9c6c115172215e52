"""What guards every request: the size of its body.

Example::

    app = FastAPI(max_body_size=BODY_LIMIT_BYTES)
"""

from __future__ import annotations

__all__ = ["BODY_LIMIT_BYTES", "MAX_UPLOAD_BYTES", "UPLOAD_LIMIT_BYTES"]

# The largest request body: a profile or a set is a few hundred bytes; only an
# export file, on the two routes that take one, may be larger.
BODY_LIMIT_BYTES = 1024 * 1024
# An export file, and the body that carries it (the form's other fields and
# boundaries fit in the extra megabyte).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
UPLOAD_LIMIT_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024
