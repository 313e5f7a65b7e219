"""Notify: findings sent to people where they are ([[notify]] channels, through Apprise).

`outbox` writes what each channel is owed (the ``notifications`` table) inside the transaction
that writes the findings, so nothing found is lost; `message` turns findings into a subject and
a body; `sender` delivers the rows that are due, with retries and exponential backoff, marking
each one sent so it is never sent twice; `channels` reads each channel's state back. The pipeline plugs the outbox into each check, the
daemon and `monitor fetch` run the sender, the command line `monitor notify`.

Imports: config, findings (the stored findings a message shows), output (their values in
words, as `monitor diff` writes them), storage, `monitor.model`, `monitor.errors`.
"""
