// The exercise list: resetting progress, after a confirmation.

import { $, postJSON } from './dom.js';

const dialog = $('#reset-dialog');
$('#reset-progress').addEventListener('click', () => dialog.showModal());
$('#reset-cancel').addEventListener('click', () => dialog.close());
$('#reset-confirm').addEventListener('click', async () => {
  dialog.close();
  try {
    await postJSON('/api/progress/reset', {});
    location.reload();
  } catch (err) {
    $('#reset-note').textContent = `Could not reset: ${err.message}`;
  }
});
document.body.dataset.ready = 'true';
