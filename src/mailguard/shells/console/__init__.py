"""The web console: senders confirm held mail, supervisors approve, administrators see the queue.

Starlette (a small ASGI toolkit, no ORM or admin framework to fight) served by uvicorn on the
gateway's own event loop, so a release from the browser is the same call into
:mod:`mailguard.shells.gateway.actions` as one from the shell, on the same store. Pages are
Jinja2 templates (already a dependency for draft templates); no JavaScript framework: the one
script only enables the send button when every box is ticked, and the server checks again.
"""
