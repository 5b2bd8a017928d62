"""``mailguard gateway ...``: serve, and the operator's actions from a shell (with ``--json``).

Each action command is one call into :mod:`mailguard.shells.gateway.actions`, the layer the
web console calls too, so a shell and a browser can never disagree about what a release
means. Exit status: 0 done, 1 refused (wrong state, needs approval, not acknowledged),
4 an unreadable configuration or an unreachable store, 2 usage.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from mailguard.shells.gateway.config import GatewayConfig, load_config

T = TypeVar("T")
CONFIG_ENV = "MAILGUARD_GATEWAY_CONFIG"

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help=f"gateway.yaml (default: ${CONFIG_ENV}, else ./gateway.yaml).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")
user_option = click.option("--user", default=None, help="Who acts (default: MAILGUARD_USER, else the login name).")
reason_option = click.option("--reason", default="", help="Why (kept in the message's history).")


def _config(path: Path | None) -> GatewayConfig:
    chosen = path or Path(os.environ.get(CONFIG_ENV) or "gateway.yaml")
    return load_config(chosen)


def _with_actions(config: GatewayConfig, work: Callable[[Any], Awaitable[T]]) -> T:
    from mailguard.shells.gateway.actions import Actions
    from mailguard.shells.gateway.store import Store

    async def run() -> T:
        async with Store(config.database) as store:
            return await work(Actions(store, config))

    return asyncio.run(run())


def _user(explicit: str | None) -> str:
    from mailguard.shells.userdata import current_user

    return current_user(explicit)


def _when(timestamp: float | None) -> str:
    if not timestamp:
        return "-"
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")


def _print_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


@click.group()
def gateway() -> None:
    """The outbound SMTP gateway: holds risky mail, loses none, sends none twice."""


@gateway.command()
@config_option
def serve(config_path: Path | None) -> None:
    """Run the gateway (SMTP in, relay out) until SIGTERM or Ctrl-C."""
    from mailguard.shells.gateway.server import serve as run

    run(_config(config_path))


@gateway.command("check-config")
@config_option
def check_config(config_path: Path | None) -> None:
    """Validate gateway.yaml and the policy it names; open the store (creating it)."""
    from mailguard.policy import load_policy
    from mailguard.shells.gateway.store import Store

    config = _config(config_path)
    policy = load_policy(config.policy_path)

    async def opened() -> dict[str, int]:
        async with Store(config.database) as store:
            return await store.counts()

    counts = asyncio.run(opened())
    click.echo(f"{config.source}: ok")
    click.echo(f"  listen {config.listen}  upstream {config.upstream}  node {config.node}")
    click.echo(f"  database {_redacted(config.database)} ({sum(counts.values())} messages)")
    click.echo(f"  policy {policy.source}")
    click.echo(f"  block_action {config.block_action}  hold_expire_seconds {config.hold_expire_seconds:g}")


def _redacted(url: str) -> str:
    from mailguard.shells.gateway.store import _safe

    return _safe(Exception(url)).split(": ", 1)[1]


@gateway.command("list")
@click.option("--state", "states", multiple=True, help="Only these states (repeatable): held, blocked, sent, ...")
@click.option("--notices", is_flag=True, help="Include the gateway's own notice mails.")
@click.option("--limit", default=1000, show_default=True)
@json_option
@config_option
def list_messages(states: tuple[str, ...], notices: bool, limit: int, as_json: bool, config_path: Path | None) -> None:
    """Messages in the queue, oldest first."""
    from mailguard.shells.gateway.store import STATES

    unknown = [s for s in states if s not in STATES]
    if unknown:
        raise click.BadParameter(f"unknown state {unknown[0]!r} (one of {', '.join(STATES)})", param_hint="--state")
    config = _config(config_path)
    messages = _with_actions(config, lambda a: a.list_messages(states, kind=None if notices else "mail", limit=limit))
    if as_json:
        _print_json([m.to_dict() for m in messages])
        return
    for m in messages:
        rules = ",".join(sorted({f["rule"] for f in m.findings})) or "-"
        click.echo(
            f"{m.id}  {m.state:<9} {m.verdict:<7} {rules:<20} {_when(m.created)}  {len(m.rcpts)} rcpt  {m.mail_from or '<>'}"
        )


@gateway.command()
@click.argument("message_id")
@json_option
@config_option
def show(message_id: str, as_json: bool, config_path: Path | None) -> None:
    """One message: state, findings, recipients by party, attachments, history."""
    config = _config(config_path)

    async def work(actions: Any) -> tuple[Any, Any]:
        return await actions.show(message_id), await actions.history(message_id)

    message, history = _with_actions(config, work)
    if as_json:
        _print_json({**message.to_dict(), "history": [t.to_dict() for t in history]})
        return
    click.echo(f"{message.id}: {message.state} ({message.verdict})")
    click.echo(f"  subject: {message.summary.get('subject') or ''}")
    click.echo(f"  from: {message.mail_from or '<>'}  login: {message.auth_user or '-'}  size: {message.size}")
    for f in message.findings:
        click.echo(f"  {f['rule']} {f['name']} [{f['severity']}]  {f['id']}")
        click.echo(f"      {f['message']['en']}")
    for party in message.summary.get("parties") or []:
        click.echo(f"  [{party['kind']}: {party['label']}]")
        for member in party["members"]:
            click.echo(f"    {member['field']:<4} {member['address']}")
    for a in message.summary.get("attachments") or []:
        click.echo(f"  attachment: {a['filename']} ({a['media_type']}, {a['size']} bytes)")
    for r, result in message.results.items():
        click.echo(f"  delivery {r}: {result.get('status')} {result.get('code', '')} {result.get('text', '')}")
    click.echo("  history:")
    for t in history:
        click.echo(f"    {_when(t.time)}  {t.from_state or '-'} -> {t.to_state}  by {t.actor}: {t.reason}")


@gateway.command()
@click.argument("message_id")
@click.option("--bcc", is_flag=True, help="Move the visible recipients to Bcc (To: the sender, Cc removed).")
@click.option("--bcc-to", type=click.Choice(["sender", "undisclosed"]), default=None, help="What To: shows with --bcc.")
@click.option(
    "--delay", "delay", type=click.FloatRange(min=0), default=None, help="Send after SECONDS (still cancellable)."
)
@click.option(
    "--ack", "acks", multiple=True, metavar="FINDING-ID", help="Bind to these finding ids (all must be given)."
)
@user_option
@reason_option
@json_option
@config_option
def release(
    message_id: str,
    bcc: bool,
    bcc_to: str | None,
    delay: float | None,
    acks: tuple[str, ...],
    user: str | None,
    reason: str,
    as_json: bool,
    config_path: Path | None,
) -> None:
    """Send a held message (as is, or with --bcc)."""
    config = _config(config_path)
    message = _with_actions(
        config,
        lambda a: a.release(
            message_id,
            _user(user),
            bcc=bcc,
            bcc_to=bcc_to,
            delay_seconds=delay,
            acknowledged=acks or None,
            reason=reason,
        ),
    )
    _done(message, as_json, f"released{' with Bcc' if bcc else ''}; sends at {_when(message.release_at)}")


@gateway.command()
@click.argument("message_id")
@user_option
@reason_option
@json_option
@config_option
def cancel(message_id: str, user: str | None, reason: str, as_json: bool, config_path: Path | None) -> None:
    """Never send this message (held, blocked, or released within its delay)."""
    config = _config(config_path)
    message = _with_actions(config, lambda a: a.cancel(message_id, _user(user), reason))
    _done(message, as_json, "cancelled: it will not be sent")


@gateway.command()
@click.argument("message_id")
@click.option("--by", "approver", default=None, help="Who approves (default: --user rules); never the sender.")
@click.option("--bcc", is_flag=True, help="Approve with the visible recipients moved to Bcc.")
@reason_option
@json_option
@config_option
def approve(
    message_id: str, approver: str | None, bcc: bool, reason: str, as_json: bool, config_path: Path | None
) -> None:
    """A second person approves a held message, which releases it."""
    config = _config(config_path)
    message = _with_actions(config, lambda a: a.approve(message_id, _user(approver), bcc=bcc, reason=reason))
    _done(message, as_json, f"approved by {message.approved_by}; released")


@gateway.command()
@json_option
@config_option
def expire(as_json: bool, config_path: Path | None) -> None:
    """End held mail that nobody decided in time now (the server does this on its own too)."""
    config = _config(config_path)
    expired = _with_actions(config, lambda a: a.expire_due())
    if as_json:
        _print_json([m.to_dict() for m in expired])
        return
    click.echo(f"{len(expired)} expired")


def _done(message: Any, as_json: bool, text: str) -> None:
    if as_json:
        _print_json(message.to_dict())
    else:
        click.echo(f"{message.id}: {text}")


@gateway.command()
@click.option("--max-age", default=30.0, show_default=True, help="Seconds a node's heartbeat may be old.")
@json_option
@config_option
def health(max_age: float, as_json: bool, config_path: Path | None) -> None:
    """Healthy (0) when the store answers, the SMTP port greets, and a node beats recently."""
    from mailguard.shells.gateway.store import Store

    config = _config(config_path)

    async def probe() -> dict[str, Any]:
        report: dict[str, Any] = {"store": "ok", "smtp": "ok"}
        try:
            async with Store(config.database) as store:
                report["counts"] = await store.counts()
                report["nodes"] = [
                    {**n, "age_seconds": round(time.time() - float(n["heartbeat"]), 1)} for n in await store.nodes()
                ]
        except Exception as exc:
            report["store"] = f"unavailable: {exc}"
        report["smtp"] = await _greeting(config)
        own = [n for n in report.get("nodes", []) if n["node"] == config.node]
        report["heartbeat"] = "ok" if own and own[0]["age_seconds"] <= max_age else "stale or missing"
        report["healthy"] = report["store"] == "ok" and report["smtp"] == "ok" and report["heartbeat"] == "ok"
        return report

    report = asyncio.run(probe())
    if as_json:
        _print_json(report)
    else:
        click.echo(
            f"{'healthy' if report['healthy'] else 'UNHEALTHY'}: store {report['store']}, smtp {report['smtp']}, heartbeat {report['heartbeat']}"
        )
        for state, count in sorted(report.get("counts", {}).items()):
            click.echo(f"  {state}: {count}")
    sys.exit(0 if report["healthy"] else 1)


async def _greeting(config: GatewayConfig) -> str:
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(config.listen.host, config.listen.port), 5)
        line = await asyncio.wait_for(reader.readline(), 5)
        writer.write(b"QUIT\r\n")
        await writer.drain()
        writer.close()
        return "ok" if line.startswith(b"220") else f"unexpected greeting {line[:40]!r}"
    except (OSError, TimeoutError) as exc:
        return f"no answer ({type(exc).__name__})"


@gateway.command("hash-password")
@click.password_option()
@click.option("--console", "for_console", is_flag=True, help="An argon2 hash for console.accounts[].password.")
def hash_password_command(password: str, for_console: bool) -> None:
    """Print a line's hash for auth_users_file (``user:HASH``), or with --console for the web console."""
    if for_console:
        from mailguard.shells.console.auth import hash_password as argon2_hash

        click.echo(argon2_hash(password))
        return
    from mailguard.shells.gateway.smtp_in import hash_password

    click.echo(hash_password(password))
