// Submit form niceties; the form works without them (the server checks everything).
(function () {
  var form = document.querySelector(".appeal-form");
  if (!form) return;
  var street = form.querySelector("#id_street");
  var community = form.querySelector("#id_community");
  // Only the chosen street's communities are offered.
  function filterCommunities() {
    if (!street || !community) return;
    var name = street.selectedIndex > 0 ? street.options[street.selectedIndex].text : "";
    var groups = community.querySelectorAll("optgroup");
    groups.forEach(function (group) {
      var show = !name || group.label === name;
      group.hidden = !show;
      group.disabled = !show;
    });
    var chosen = community.options[community.selectedIndex];
    if (chosen && chosen.parentNode.tagName === "OPTGROUP" && chosen.parentNode.disabled) community.value = "";
  }
  if (street) street.addEventListener("change", filterCommunities);
  filterCommunities();
  // The enterprise name is asked for only from enterprises.
  var enterprise = form.querySelector(".enterprise-only");
  function toggleEnterprise() {
    var checked = form.querySelector("input[name=submitter_type]:checked");
    if (enterprise) enterprise.hidden = !(checked && checked.value === "enterprise");
  }
  form.querySelectorAll("input[name=submitter_type]").forEach(function (r) { r.addEventListener("change", toggleEnterprise); });
  toggleEnterprise();
  // One press only: slow phone networks tempt a second tap.
  form.addEventListener("submit", function () {
    var button = form.querySelector("button[type=submit]");
    if (button) setTimeout(function () { button.disabled = true; }, 0);
  });
})();
