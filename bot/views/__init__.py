"""Every message and keyboard the bot sends, built from plain results; no database access here.

``common`` holds the building blocks; one module per area renders its journeys' replies.
"""
