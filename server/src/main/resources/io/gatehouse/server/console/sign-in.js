// The sign-in form and the sign-out button: both call the JSON API, then reload /admin, which shows what the
// session now allows.
'use strict';
(function () {
  const form = document.getElementById('sign-in');
  if (form) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const error = document.getElementById('sign-in-error');
      error.textContent = '';
      const response = await fetch('/api/auth/login', {
        method: 'POST',
        credentials: 'same-origin',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({username: form.username.value, password: form.password.value})
      });
      if (response.ok) {
        location.reload();
        return;
      }
      const body = await response.json().catch(() => ({}));
      error.textContent = 'Sign-in failed: ' + (body.message || response.status);
    });
  }
  const signOut = document.getElementById('sign-out');
  if (signOut) {
    signOut.addEventListener('click', async () => {
      await fetch('/api/auth/logout', {method: 'POST', credentials: 'same-origin'});
      location.reload();
    });
  }
})();
