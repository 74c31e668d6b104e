# xAPI vocabulary, statement outbox and LRS delivery arrive with the tracking issue.
