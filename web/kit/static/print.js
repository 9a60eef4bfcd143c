// The print button of a document's print view (CSP allows no inline script).
document.addEventListener('DOMContentLoaded', function () {
  var b = document.getElementById('zhifa-print');
  if (b) { b.addEventListener('click', function () { window.print(); }); }
});
