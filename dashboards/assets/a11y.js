/* Kinscope: accessibility fixes for Dash 4's own widgets (checked by axe-core in the browser tests).
 *
 * - Checklist / RadioItems render role="listbox" around <label role="option"> elements that each hold
 *   a native checkbox or radio: a listbox with no name and interactive controls nested in options.
 *   The native inputs already say everything, so the wrapper becomes a named group and the options
 *   plain labels. The group is named by the <label for="..."> that points at it.
 * - Dropdown keeps an aria-hidden focus-forwarding <input> in the tab order; it forwards focus to the
 *   dropdown's button and takes itself out of the tab order after the first focus anyway, so it is
 *   taken out at once.
 * - Slider thumbs (role="slider") get the aria-label of the nearest [data-slider-label] wrapper.
 */
(function () {
  function fix(root) {
    root.querySelectorAll('[role="listbox"]').forEach(function (box) {
      if (!box.querySelector('input[type="checkbox"], input[type="radio"]')) return;
      box.setAttribute('role', 'group');
      if (box.id && !box.hasAttribute('aria-labelledby') && !box.hasAttribute('aria-label')) {
        var label = document.querySelector('label[for="' + CSS.escape(box.id) + '"]');
        if (label) {
          if (!label.id) label.id = box.id + '-label';
          box.setAttribute('aria-labelledby', label.id);
        }
      }
    });
    root.querySelectorAll('.dash-options-list-option[role="option"]').forEach(function (opt) {
      opt.removeAttribute('role');
      opt.removeAttribute('aria-selected');
    });
    root.querySelectorAll('[data-slider-label] [role="slider"]').forEach(function (thumb) {
      if (!thumb.hasAttribute('aria-label')) {
        thumb.setAttribute('aria-label', thumb.closest('[data-slider-label]').getAttribute('data-slider-label'));
      }
    });
    root.querySelectorAll('input.dash-dropdown-focus-target[aria-hidden="true"]').forEach(function (el) {
      if (el.tabIndex !== -1) el.tabIndex = -1;
    });
  }
  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; fix(document); });
  }
  function start() {
    fix(document);
    new MutationObserver(schedule).observe(document.body, {childList: true, subtree: true,
      attributes: true, attributeFilter: ['role', 'aria-selected', 'tabindex']});
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
