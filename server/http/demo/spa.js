// The demo single-page site: one comment widget, switched between articles without reloading.
(function () {
  var instance = null;
  function show(pageId) {
    var title = document.getElementById('view-title');
    if (!pageId) {
      if (instance) instance.unmount();
      instance = null;
      title.textContent = 'A single-page site';
      return;
    }
    title.textContent = pageId;
    var el = document.getElementById('spa-comments');
    if (instance) instance.switchPage({ pageId: pageId, title: pageId });
    else instance = window.Parley.mount(el, { pageId: pageId, title: pageId });
  }
  document.addEventListener('click', function (event) {
    var link = event.target.closest('.spa-link');
    if (!link || !window.Parley) return;
    event.preventDefault();
    show(link.getAttribute('data-page'));
  });
})();
