// The sign-in form and the sign-out button: both call the session endpoints under the page's data-auth (/api/auth on
// the reference server), then reload the page, which shows what the session now allows.
'use strict';
(function () {
  const authBase = document.body.dataset.auth;
  const form = document.getElementById('sign-in');
  if (form) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const error = document.getElementById('sign-in-error');
      error.textContent = '';
      const response = await fetch(authBase + '/login', {
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
      await fetch(authBase + '/logout', {method: 'POST', credentials: 'same-origin'});
      location.reload();
    });
  }
})();
