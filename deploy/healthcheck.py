"""Container health check: the web process answers its health page (exit 0) or not (exit 1).

Anonymous callers are sent to sign in (302); the page's figures are for platform administrators and regulators, and
`patentbridge status` gives them to a monitor. Here any answer below 500 means gunicorn and Django are serving.
The request names an allowed host and says it came over HTTPS, as nginx's would, so it is neither refused nor
redirected to HTTPS.
"""

import http.client
import os
import sys

host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip()
port = int(os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").rsplit(":", 1)[1])
try:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", "/health/", headers={"Host": host, "X-Forwarded-Proto": "https"})
    status = connection.getresponse().status
except OSError as exc:
    print(f"no answer: {exc}")
    sys.exit(1)
print(status)
sys.exit(0 if status < 500 else 1)
