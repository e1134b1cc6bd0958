"""Pages of 协商. Thin: access helper (404 outside the user's reach, 403 for what he can see
but not do) → form → service → redirect with a message; a failed form is shown again with
what was typed (status 422). One module per topic; consultations/urls.py names them."""
