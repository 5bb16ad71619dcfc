/* Kinscope: accessibility fixes for Dash 4's own widgets (checked by axe-core in the browser tests).
 *
 * - Checklist / RadioItems render role="listbox" around <label role="option"> elements that each hold
 *   a native checkbox or radio: a listbox with no name and interactive controls nested in options.
 *   The native inputs already say everything, so the wrapper becomes a named radiogroup (radios) or
 *   group (checkboxes) and the options plain labels, after every re-render too (a change of value
 *   sets aria-selected again). The group is named by the <label for="..."> that points at it.
 * - Dropdown keeps an aria-hidden focus-forwarding <input> in the tab order; it forwards focus to the
 *   dropdown's button and takes itself out of the tab order after the first focus anyway, so it is
 *   taken out at once.
 * - Slider thumbs (role="slider") get the aria-label of the nearest [data-slider-label] wrapper.
 */
(function () {
  function fix(root) {
    root.querySelectorAll('[role="listbox"]').forEach(function (box) {
      if (!box.querySelector('input[type="checkbox"], input[type="radio"]')) return;
      // radios: a real radio group (arrow keys move between the native radios); checkboxes: a group
      box.setAttribute('role', box.querySelector('input[type="radio"]') ? 'radiogroup' : 'group');
      if (box.id && !box.hasAttribute('aria-labelledby') && !box.hasAttribute('aria-label')) {
        var label = document.querySelector('label[for="' + CSS.escape(box.id) + '"]');
        if (label) {
          if (!label.id) label.id = box.id + '-label';
          box.setAttribute('aria-labelledby', label.id);
        }
      }
    });
    // every option, not only those still marked role="option": React sets aria-selected again on
    // each change of value (the role it set once stays removed), and aria-selected on a plain
    // label is not allowed (axe: aria-allowed-attr)
    root.querySelectorAll('.dash-options-list-option').forEach(function (opt) {
      if (opt.hasAttribute('role')) opt.removeAttribute('role');
      if (opt.hasAttribute('aria-selected')) opt.removeAttribute('aria-selected');
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
  // Fixed in the observer's own callback, a microtask of the task that changed the DOM: nothing
  // else (a user's Tab, an axe run) can see the page between React's render and the fix. A frame
  // later was too late once (CI: axe found a focusable hidden input on the evidence page). The fix
  // changes only what is still wrong, so the mutations it makes itself end after one more pass.
  function start() {
    fix(document);
    new MutationObserver(function () { fix(document); }).observe(document.body, {childList: true,
      subtree: true, attributes: true, attributeFilter: ['role', 'aria-selected', 'tabindex']});
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
