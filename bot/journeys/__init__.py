"""One module per user journey, each with a ``register(app)`` that ``bot.app`` calls."""
