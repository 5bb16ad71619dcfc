/* Kinscope: open one member's evidence from a link (/child/<id>?member=<key>[&group=<category>]).
 *
 * Used by the FGC list ("each name links to its evidence"). Once the child's map is drawn, the
 * member's node is tapped, exactly as a click would, so the evidence panel is the one the map
 * shows (same callback, same access checks and audit). A member collapsed into a grey group is
 * reached by expanding that group first. Nothing happens on other pages or without ?member=.
 */
(function () {
  var done = '';
  var expanded = '';
  var tries = 0;
  function tick() {
    var params = new URLSearchParams(window.location.search);
    var key = params.get('member');
    if (!key || !/^\/child\/[^/]+\/?$/.test(window.location.pathname)) { tries = 0; return; }
    var want = window.location.pathname + '?' + window.location.search;
    if (done === want) { return; }
    var el = document.getElementById('ecomap');
    var cy = el && el._cyreg && el._cyreg.cy;
    if (!cy || cy.nodes().length < 2) { return; }
    if (++tries > 60) { done = want; return; }  // not on this map (or not visible): give up quietly
    var node = cy.getElementById(key);
    if (node.length) {
      done = want;
      cy.nodes().unselect();
      node.select();
      node.emit('tap');
      return;
    }
    var group = params.get('group');
    if (group && expanded !== want) {
      var g = cy.getElementById('group:' + group);
      if (g.length) { expanded = want; g.emit('tap'); }
    }
  }
  window.setInterval(tick, 300);
})();
