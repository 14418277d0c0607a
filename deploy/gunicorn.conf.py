"""gunicorn for Huying: `gunicorn -c deploy/gunicorn.conf.py huying.wsgi` (the systemd unit
does this). Every value can be overridden by its GUNICORN_ environment variable."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: pages are short and the database does the waiting. (2 × cores) + 1 is the
# usual start; watch the response times and the database's connection count.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# A worker is replaced after this many requests: a slow leak never grows for months.
max_requests = 2000
max_requests_jitter = 200
# nginx on this machine is the only one allowed to say which protocol the visitor used.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# The visitor's address as nginx saw it, and the request line without the query string
# (it can hold ticket numbers).
access_log_format = '%({x-forwarded-for}i)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'
