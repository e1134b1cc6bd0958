"""Pages of 社情民意: the member's items (phone first: write, character count, similar
items, co-authors), the staff's collective items and key topics, the editors' queue,
decisions, editing with a diff, merging, issues of 《社情民意》, adoptions and 批示, and
forwarding between bodies. Thin: access helper → form → service → redirect; a failed
form is shown again with what was typed.

One module per topic; the app's urls.py names them."""
