// Tollgate console: the one script (CSP script-src 'self'; no inline script anywhere).
// Copy buttons, confirmations before destructive actions, and an account id suggested from the name.
(function () {
  'use strict';

  function announce(text) {
    var status = document.getElementById('copy-status') || document.getElementById('messages');
    if (status) { status.textContent = text; }
  }

  function copy(button) {
    var input = document.getElementById(button.getAttribute('data-copy'));
    if (!input) { return; }
    var value = input.value;
    input.focus();
    input.select();
    function fallback() {
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      announce(ok ? 'Copied to the clipboard.' : 'Select the key and copy it with Ctrl+C.');
      button.setAttribute('data-copied', ok ? 'true' : 'false');
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(value).then(function () {
        announce('Copied to the clipboard.');
        button.setAttribute('data-copied', 'true');
      }, fallback);
    } else {
      fallback();
    }
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-copy]');
    if (button) { event.preventDefault(); copy(button); }
  });

  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });

  document.addEventListener('input', function (event) {
    var target = event.target.getAttribute('data-fills');
    if (!target) { return; }
    var field = document.getElementById(target);
    if (!field || field.getAttribute('data-touched')) { return; }
    field.value = event.target.value.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '')
      .replace(/-+$/, '').slice(0, 30);
  });

  document.addEventListener('change', function (event) {
    if (event.target.id === 'accountId') { event.target.setAttribute('data-touched', 'true'); }
  });
}());
