"""jointhire: a joint recruitment site for ICT-track jobs in Japanese municipalities.

The build runs load (sources) → validate (schema) → model → plan (pages) → render → write (output);
`pipeline.py` shows the order.
"""
