"""The S3 target: AWS S3 and S3-compatible storage (Cloudflare R2, Backblaze B2, MinIO, Spaces, Wasabi).

`s3://bucket/prefix`; publish.endpoint_url for non-AWS services. Credentials come from boto3's usual
chain (environment, ~/.aws, publish.profile, instance roles), never from narrate.toml. boto3 is the `s3`
extra and is imported only here, when publishing.
"""

from __future__ import annotations

from functools import cached_property

from narrate.publish.target import LocalFile, PublishError, RemoteObject, Target, is_loopback


class S3Target(Target):
    name = "s3"
    install_hint = "pip install 'narrate-podcast[s3]'"

    def __init__(self, location, settings):
        super().__init__(location, settings)
        rest = location.split("://", 1)[1]
        self.bucket, _, prefix = rest.partition("/")
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        if not self.bucket:
            raise PublishError(f"{location}: no bucket named (write s3://BUCKET/PREFIX)")

    @property
    def remote(self) -> bool:  # type: ignore[override]
        """A bucket on this machine (MinIO, a test server) is served from here too: loopback URLs fit it."""
        return not (self.settings.endpoint_url and is_loopback(self.settings.endpoint_url))

    @cached_property
    def client(self):
        try:
            import boto3
            from botocore.config import Config
        except ImportError:
            raise PublishError(f"{self.location}: boto3 is not installed ({self.install_hint})") from None
        s = self.settings
        from botocore.exceptions import BotoCoreError

        try:
            session = boto3.session.Session(profile_name=s.profile or None, region_name=s.region or None)
        except BotoCoreError as exc:  # ProfileNotFound and kin
            raise PublishError(f"{self.location}: {exc}") from None
        # Few, short retries: a network that is down should say so in seconds, not minutes. Checksums only
        # where S3 requires them: several S3-compatible services reject boto3's default CRC32 trailers.
        config = Config(
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=10,
            read_timeout=60,
            s3={"addressing_style": "path"} if s.endpoint_url else None,
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
        return session.client("s3", endpoint_url=s.endpoint_url or None, config=config)

    def list(self) -> dict[str, RemoteObject]:
        found = {}
        with self._errors("list"):
            pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix)
            for page in pages:
                for obj in page.get("Contents", []):
                    etag = obj.get("ETag", "").strip('"')
                    md5 = etag if len(etag) == 32 and "-" not in etag else None  # multipart ETags are not MD5s
                    found[obj["Key"][len(self.prefix) :]] = RemoteObject(size=obj["Size"], md5=md5)
        return found

    def put(self, file: LocalFile) -> None:
        extra = {"ACL": self.settings.acl} if self.settings.acl else {}
        with self._errors(f"upload {file.key}"), open(file.path, "rb") as body:
            self.client.put_object(
                Bucket=self.bucket,
                Key=self.prefix + file.key,
                Body=body,
                ContentType=file.content_type,
                CacheControl=file.cache_control,
                ContentLength=file.size,
                **extra,
            )

    def delete(self, key: str) -> None:
        with self._errors(f"delete {key}"):
            self.client.delete_object(Bucket=self.bucket, Key=self.prefix + key)

    def _errors(self, action: str):
        return _TranslateErrors(self.location, self.bucket, action)


class _TranslateErrors:
    """botocore's exceptions as one line each that names the target."""

    def __init__(self, location: str, bucket: str, action: str):
        self.location, self.bucket, self.action = location, bucket, action

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if exc is None or isinstance(exc, PublishError):
            return False
        from botocore import exceptions as bx

        if isinstance(exc, bx.NoCredentialsError):
            reason = (
                "no credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile "
                "with publish.profile / AWS_PROFILE)"
            )
        elif isinstance(exc, bx.ClientError):
            reason = self._client_error(exc)
        elif isinstance(
            exc, (bx.EndpointConnectionError, bx.ConnectTimeoutError, bx.ReadTimeoutError, bx.ConnectionClosedError)
        ):
            reason = f"cannot reach the storage service ({exc}); is the network up?"
        elif isinstance(exc, (bx.BotoCoreError, OSError)):
            reason = str(exc)
        else:
            return False
        raise PublishError(f"{self.location}: {self.action} failed: {reason}") from None

    def _client_error(self, exc) -> str:
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        if code in ("NoSuchBucket", "404") and self.action == "list":
            return f"bucket {self.bucket!r} does not exist"
        if code in ("AccessDenied", "403", "AllAccessDisabled"):
            return "access denied (check the credentials' permissions on this bucket)"
        if code in ("InvalidAccessKeyId", "SignatureDoesNotMatch"):
            return f"the credentials were rejected ({code})"
        return f"{code}: {error.get('Message') or exc}"
