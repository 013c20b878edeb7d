// The three IPC pickers feed one `ipc` parameter: the most specific level chosen.
document.getElementById("patent-filters").addEventListener("submit", function () {
  const pick = ["ipc-subclass", "ipc-class", "ipc-section"].map(id => document.getElementById(id).value).find(v => v);
  document.getElementById("ipc-value").value = pick || "";
}, true);
document.getElementById("ipc-section").addEventListener("change", function () {
  document.getElementById("ipc-subclass").innerHTML = '<option value="">—</option>';
});
// A section loads its classes, a class its subclasses (the option lists come from patents:ipc_options).
[["ipc-section", "section"], ["ipc-class", "klass"]].forEach(([id, parameter]) => {
  document.getElementById(id).addEventListener("htmx:configRequest", function (event) {
    event.detail.parameters[parameter] = this.value;
  });
});
