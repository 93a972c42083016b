"""One module per user journey, each with its ``register(app)`` (called by ``bot.app``)."""
