"""gunicorn settings for PatentBridge's web processes (docs/deployment.md): `gunicorn -c deploy/gunicorn.conf.py
patentbridge.wsgi`. Every value can be changed from the environment (deploy/env.example)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Threads, not more processes: a request mostly waits on PostgreSQL, and each process holds its own copy of the
# jieba dictionary and the query encoder (a few hundred MB). One process per core × 4 threads answers 200 people at
# a few seconds' think time with two 8-core hosts and room to spare (docs/deployment.md, "Hosts and sizes").
# With gthread the worker's heartbeat comes from its main loop, so a long import in a thread is not killed by
# `timeout`; nginx's proxy timeouts bound the request instead.
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# Not preloaded: patentbridge/wsgi.py starts a thread that loads the search indexes and the encoder, and a thread
# does not survive fork (a lock it held at that moment would stay held in every worker). The indexes are
# memory-mapped files, so the workers share their pages through the page cache without preloading.
preload_app = False

# One OpenMP thread per process: the query encoder would otherwise start a thread per core in every worker, and those
# fight over the cores (make bench-load: 20-user median 4.5 s with the default, 0.51 s with one thread).
os.environ.setdefault("OMP_NUM_THREADS", "1")

timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5  # nginx keeps idle upstream connections open (keepalive 32); gunicorn must not close them first

# Recycle a worker now and then (jittered, so not all at once) to return memory fragmented by large imports.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10

# nginx sets X-Forwarded-For/Proto; only its address is trusted to do so.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# One JSON object per request on stdout (journald / the container log). The request id is the one nginx sent
# (X-Request-ID), the same that the application's own log lines carry, so one request can be followed end to end.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '{"time": "%(t)s", "request_id": "%({x-request-id}i)s", "client": "%({x-forwarded-for}i)s", '
    '"method": "%(m)s", "path": "%(U)s", "query": "%(q)s", "status": %(s)s, "bytes": "%(B)s", '
    '"duration_ms": %(M)s, "user_agent": "%(a)s"}'
)


# Prometheus (docs/observability.md): with PROMETHEUS_MULTIPROC_DIR set (the web unit points it at an empty runtime
# folder), each worker writes its counters there and any worker's /metrics adds up all of them; a worker that exits
# must be marked dead so that its live gauges stop counting.
def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
