/* Kinscope: keep the whole map in view. After Dash replaces the map's elements (a filter, the
 * layout switch, a group opened) the preset layout's own fit can run before Cytoscape has measured
 * the new labels, leaving a label cut at the map's edge; fit again once the layout has stopped.
 * A change of layout only moves the nodes (no layout run, no add/remove): moves fit too, except
 * the user's own dragging of a node. Zooming and panning by the user are left alone.
 */
(function () {
  var hooked = [];
  function hook() {
    ['ecomap', 'print-map'].forEach(function (id) {
      var el = document.getElementById(id);
      var cy = el && el._cyreg && el._cyreg.cy;
      if (!cy || hooked.indexOf(cy) >= 0) { return; }
      hooked.push(cy);
      if (hooked.length > 20) { hooked.shift(); }
      var timer = null;
      var refit = function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () { cy.fit(cy.elements(), 20); }, 80);
      };
      var dragging = false;
      cy.on('grab', function () { dragging = true; });
      cy.on('free', function () { dragging = false; });
      cy.on('layoutstop add remove', refit);
      cy.on('position', function () { if (!dragging) { refit(); } });
      refit();
    });
  }
  window.setInterval(hook, 400);
})();
