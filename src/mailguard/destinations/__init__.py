"""Where the mail goes: domains, organisations and parties, look-alike domains, the address book.

Depends only on the draft model and the policy data; the rules in ``mailguard.rules`` judge with it.
"""
