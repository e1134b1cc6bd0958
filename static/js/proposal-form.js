/* 履职通, the proposal form: the co-signer list only for joint proposals, the proposer
   (提案者) only for collective ones; a party's or organisation's name is typed, a
   committee, group or sector is chosen. */
(function () {
  "use strict";
  var kind = document.getElementById("id_kind");
  var organiser = document.getElementById("id_organiser");
  function toggle(id, show) {
    var field = document.getElementById(id);
    if (field) { field.closest(".mb-3").style.display = show ? "" : "none"; }
  }
  function update() {
    toggle("id_signers", kind.value === "joint");
    toggle("id_organiser", kind.value === "collective");
    var named = organiser && (organiser.value === "party" || organiser.value === "organisation");
    toggle("id_organiser_name", kind.value === "collective" && named);
  }
  if (kind) { kind.addEventListener("change", update); update(); }
  if (organiser) { organiser.addEventListener("change", update); }
})();
