/* Kinscope: the time bar's month buttons (#month-keys) as one Tab stop (a roving tabindex).
 *
 * Tab reaches the toolbar once; Left/Right move to the previous/next month, Home/End to the first
 * and last; Enter or Space presses the month's button (the app lists that month's records). The
 * month last moved to keeps the tab stop, so Tab away and back returns to it.
 */
(function () {
  document.addEventListener('keydown', function (ev) {
    var key = ev.target && ev.target.closest && ev.target.closest('#month-keys .month-key');
    if (!key) return;
    var all = Array.prototype.slice.call(document.querySelectorAll('#month-keys .month-key'));
    var i = all.indexOf(key);
    var next = {ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: all.length - 1}[ev.key];
    if (next === undefined) return;
    ev.preventDefault();
    next = Math.max(0, Math.min(all.length - 1, next));
    all.forEach(function (b, j) { b.tabIndex = j === next ? 0 : -1; });
    all[next].focus();
  });
})();
