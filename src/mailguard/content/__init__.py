"""What the text says: names, addressees, mentions, personal data.

Second stage of the pipeline (after ``readers``): everything here reads a :class:`~mailguard.model.Draft`'s
text and never decides a verdict. Rules in ``mailguard.rules`` ask these modules what a message says.
"""
