"""Two-factor authentication (TOTP apps plus one-time backup codes) on top of django-otp.

A password alone signs a user in only halfway: until a code from their authenticator app is
entered, a user who set up two-factor authentication reaches nothing but the verification page
(see middleware.py). Editors and administrators must set it up where the policy requires it."""
