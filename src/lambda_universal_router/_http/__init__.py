"""HTTP: routing, dispatch, answers, and the features around them (CORS, compression)."""
