"""Shells over the library: the CLI, batch and template runners, the guarded SMTP client, the
interactive dialog (and the gateway). Nothing below ``mailguard.shells`` imports from here."""
