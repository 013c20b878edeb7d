"""What several hosts share besides the database: uploads in an S3-compatible object store (django-storages' S3
backend, here against moto's S3 server as it would be against MinIO, Aliyun OSS or Tencent COS) and the cache the
rate limits count in (Django's RedisCache, here against a throwaway redis-server). The redis test is skipped where
no redis-server is installed, unless PB_REQUIRE_REDIS=1 (CI installs it), where it fails."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.parse
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from patentbridge.casework.tests.factories import disclosed, institution
from patentbridge.core.services import api_token_create
from patentbridge.orgs.tests.factories import UserFactory
from patentbridge.settings import cache_from_url, s3_storage

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def object_store(settings):
    """An S3 server on a local port with an empty bucket; uploads go there as PATENTBRIDGE_STORAGE=s3 sends them."""
    boto3 = pytest.importorskip("boto3")
    server_module = pytest.importorskip("moto.server")
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    bucket = f"patentbridge-{uuid.uuid4().hex[:12]}"  # moto keeps buckets per process, across its servers
    environ = {"S3_BUCKET": bucket, "S3_ENDPOINT_URL": f"http://{host}:{port}", "S3_REGION": "cn-south-1",
               "S3_ACCESS_KEY_ID": "test-key", "S3_SECRET_ACCESS_KEY": "test-secret", "S3_PREFIX": "media"}
    client = boto3.client("s3", endpoint_url=environ["S3_ENDPOINT_URL"], region_name="cn-south-1",
                          aws_access_key_id="test-key", aws_secret_access_key="test-secret")
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "cn-south-1"})
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(environ)}
    yield client, bucket
    server.stop()


def test_an_upload_lands_in_the_object_store_and_is_served_back_from_it(object_store):
    office = institution()
    case = disclosed(office, attachments=[SimpleUploadedFile("图纸.pdf", b"%PDF-1.4 drawing")])
    item = case.disclosure.attachments.get()
    client, bucket = object_store
    stored = client.get_object(Bucket=bucket, Key=f"media/{item.file.name}")
    assert stored["Body"].read() == b"%PDF-1.4 drawing"
    browser = Client()
    browser.force_login(office.inventor)
    response = browser.get(f"/casework/cases/{case.pk}/attachments/{item.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 drawing"


def test_the_object_stores_links_are_signed_and_expire(object_store):
    case = disclosed(institution(), attachments=[SimpleUploadedFile("说明书.pdf", b"%PDF-1.4")])
    query = urllib.parse.parse_qs(urllib.parse.urlparse(case.disclosure.attachments.get().file.url).query)
    assert "X-Amz-Signature" in query and int(query["X-Amz-Expires"][0]) > 0


def test_a_second_upload_of_the_same_name_does_not_overwrite_the_first(object_store):
    office = institution()
    first = disclosed(office, attachments=[SimpleUploadedFile("a.pdf", b"%PDF first")]).disclosure.attachments.get()
    second = disclosed(office, attachments=[SimpleUploadedFile("a.pdf", b"%PDF second")]).disclosure.attachments.get()
    assert first.file.name != second.file.name and first.file.read() == b"%PDF first"


@pytest.fixture
def redis_url(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("PB_REQUIRE_REDIS") == "1":
            pytest.fail("redis-server is not installed (PB_REQUIRE_REDIS=1)")
        pytest.skip("redis-server is not installed")
    redis = pytest.importorskip("redis")
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                                "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(100):
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_rate_limits_count_in_a_shared_redis_cache(settings, redis_url):
    import redis

    settings.CACHES = {"default": cache_from_url(redis_url)}
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMITS = {**{name: "1000/h" for name in settings.RATELIMITS}, "api_read_per_caller": "2/h"}
    token = api_token_create(user=UserFactory(), name="t")
    responses = [Client().get("/api/v1/patents", HTTP_AUTHORIZATION=f"Bearer {token}") for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert redis.Redis.from_url(redis_url).dbsize() >= 1
