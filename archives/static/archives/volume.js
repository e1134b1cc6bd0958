// The volume's table of contents: drag an entry (or use ↑ ↓) to reorder, then save;
// the hidden field carries the order of entry ids to archives:volume_reorder.
(function () {
  const list = document.getElementById("toc");
  const field = document.getElementById("id_order");
  if (!list || !field) return;
  const sync = () => {
    field.value = [...list.querySelectorAll("[data-entry]")].map((li) => li.dataset.entry).join(",");
  };
  let dragged = null;
  list.addEventListener("dragstart", (e) => { dragged = e.target.closest("[data-entry]"); });
  list.addEventListener("dragover", (e) => {
    e.preventDefault();
    const over = e.target.closest("[data-entry]");
    if (!dragged || !over || over === dragged) return;
    const after = e.clientY > over.getBoundingClientRect().top + over.offsetHeight / 2;
    list.insertBefore(dragged, after ? over.nextSibling : over);
  });
  list.addEventListener("drop", (e) => { e.preventDefault(); dragged = null; sync(); });
  list.addEventListener("click", (e) => {
    const li = e.target.closest("[data-entry]");
    if (!li) return;
    if (e.target.classList.contains("js-up") && li.previousElementSibling) {
      list.insertBefore(li, li.previousElementSibling);
    } else if (e.target.classList.contains("js-down") && li.nextElementSibling) {
      list.insertBefore(li.nextElementSibling, li);
    } else return;
    sync();
  });
})();
