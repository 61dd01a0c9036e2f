"""Publishing (issue 15): `narrate publish` uploads output/ to its target, `narrate check` reads a show as apps do."""

from __future__ import annotations

from typing import Annotated

import typer

from narrate.cli.options import ConfigOption


def publish(
    config_path: ConfigOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be uploaded and deleted.")] = False,
    rotate_secret: Annotated[
        bool,
        typer.Option(
            "--rotate-secret", help="Private feeds: move the show to a new secret path and remove the old one."
        ),
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Name every object sent or removed.")] = False,
) -> None:
    """Upload what changed in output/ to publish.target: media first, then index.html, then feed.xml."""
    from narrate.publish.config import find_config, load_config

    config = load_config(config_path)
    if rotate_secret:
        from narrate.publish.build import rewrite_feed
        from narrate.publish.private import rotate_secret as rotate

        if dry_run:
            raise typer.BadParameter("cannot be combined with --dry-run", param_hint="--rotate-secret")
        config = rotate(find_config(config_path), config)
        for warning in rewrite_feed(config).warnings:
            typer.echo(f"narrate: warning: {warning}", err=True)
    if config.publish.target or not rotate_secret:  # a show only served by `narrate serve` just rotates
        publish_built(config, dry_run=dry_run, verbose=verbose)
    if rotate_secret:
        typer.echo(f"new feed URL, give it to your listeners: {config.feed_url}")


def publish_built(config, dry_run: bool, verbose: bool) -> None:
    from narrate.publish.sync import publish as run_publish

    say = (lambda message: typer.echo(f"  {message}", err=True)) if verbose else None
    report = run_publish(config, dry_run=dry_run, say=say)
    for warning in report.warnings:
        typer.echo(f"narrate: warning: {warning}", err=True)
    if dry_run:
        for key in report.uploaded:
            typer.echo(f"would upload {key}")
        for key in report.deleted:
            typer.echo(f"would delete {key}")
    typer.echo(
        f"{report.target}: {'would upload' if dry_run else 'uploaded'} {len(report.uploaded)}, "
        f"{'would delete' if dry_run else 'deleted'} {len(report.deleted)}, unchanged {report.unchanged}; "
        f"feed: {config.feed_url}"
    )


def check(
    feed_url: Annotated[str, typer.Argument(help="The published feed's URL (any podcast).", show_default=False)],
    auth: Annotated[
        str | None,
        typer.Option(
            "--auth", metavar="USER:PASSWORD", help="HTTP Basic credentials for a private feed.", show_default=False
        ),
    ] = None,
    timeout: Annotated[float, typer.Option(metavar="SECONDS", help="Seconds to wait for each request.")] = 15.0,
) -> None:
    """Check a published show as podcast apps see it; one line per finding; exit 1 on any error."""
    from urllib.parse import urlsplit

    from narrate.publish.check import Fetcher, check_feed
    from narrate.publish.serve import basic_credentials

    if urlsplit(feed_url).scheme not in ("http", "https"):
        raise typer.BadParameter(f"{feed_url!r} is not an http(s) URL", param_hint="FEED_URL")
    authorization = basic_credentials(auth).decode("ascii") if auth else None
    findings = check_feed(feed_url, Fetcher(timeout=timeout, authorization=authorization))
    for finding in findings:
        typer.echo(finding.line())
    errors = sum(f.level == "error" for f in findings)
    typer.echo(f"{feed_url}: {errors} error(s), {len(findings) - errors} warning(s)")
    if errors:
        raise typer.Exit(1)
