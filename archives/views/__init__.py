"""Pages of 文史资料. Thin: access helper → form → service → redirect; a failed form is
shown again with what was typed (status 422). Every object is reached through a selector
that answers 404 for what the user may not read, and 403 for what he may read but not do.

One module per topic; the app's urls.py names them."""
