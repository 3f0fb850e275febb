// The editors' page (editor_page.py): preview files or an address with the
// API's dry run, correct the fields, confirm; edit and remove listed articles.
// An article holding personal data (the preview's personal_data) is sent with
// allow_personal_data=1 only when the editor ticks the box that says so.
(function () {
  var add = document.getElementById("add");
  if (!add) return;
  var base = add.getAttribute("data-base") || "";
  var api = base + "/api/articles";
  var form = document.getElementById("add-form");
  var filesInput = document.getElementById("files");
  var urlInput = document.getElementById("url");
  var drop = document.getElementById("drop");
  var previews = document.getElementById("previews");
  var status = document.getElementById("add-status");
  var dropped = null;
  var counter = 0;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) node.setAttribute(k, attrs[k]);
    if (text != null) node.textContent = text;
    return node;
  }
  function field(box, name, label, value, type) {
    var id = "p" + counter + "-" + name;
    box.appendChild(el("label", {"for": id}, label));
    var input = el("input", {id: id, name: name, type: type || "text"});
    input.value = value || "";
    box.appendChild(input);
    return input;
  }
  function send(method, url, body, json) {
    var options = {method: method, credentials: "same-origin", body: body, headers: {}};
    if (json) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (r) {
      return r.json().catch(function () { return {error: "Oväntat svar (" + r.status + ")."}; })
        .then(function (data) { return {status: r.status, data: data}; });
    }, function () { return {status: 0, data: {error: "Kunde inte nå servern."}}; });
  }
  function values(box) {
    var out = {};
    box.querySelectorAll("input[name]").forEach(function (i) { out[i.name] = i.value.trim(); });
    return out;
  }
  function refreshList(message) {
    fetch(location.href, {credentials: "same-origin"}).then(function (r) { return r.text(); })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, "text/html");
        var fresh = doc.getElementById("corpus-list");
        var old = document.getElementById("corpus-list");
        if (fresh && old) { old.replaceWith(fresh); bindList(); }
        if (message) document.getElementById("list-status").textContent = message;
      });
  }

  function showPreview(item, source) {
    counter += 1;
    var box = el("section", {"class": "preview", "aria-labelledby": "p" + counter + "-h"});
    box.appendChild(el("h3", {id: "p" + counter + "-h"}, item.file));
    if (item.status === "error" || item.status === "duplicate") {
      box.appendChild(el("p", {"class": "error"}, item.error));
      if (item.copy_of && source.url) {  // a near-copy: keep the address with that article
        var keep = el("button", {type: "button"},
                      "Spara adressen som annan publiceringsplats för " + item.copy_of);
        var said = el("p", {role: "status"});
        keep.addEventListener("click", function () {
          send("POST", api + "/" + encodeURIComponent(item.copy_of) + "/places",
               {url: source.url}, true).then(function (r) {
            said.textContent = r.status === 200 ? "Adressen är sparad med artikeln " +
              item.copy_of + "." : (r.data.error || "Kunde inte spara.");
          });
        });
        box.appendChild(keep);
        box.appendChild(said);
      }
      previews.appendChild(box);
      return;
    }
    var facts = el("p", {"class": "hint"});
    facts.textContent = "Kommun: " + (item.municipality ? item.municipality + " (" +
      item.municipality_reason + ")" : "ingen hittad (" + item.municipality_reason + ")") +
      ". Datum: " + ([item.published && "publicerad " + item.published,
                      item.updated && "uppdaterad " + item.updated].filter(Boolean).join(", ") ||
                     "inget hittat") + ". Text: " + item.words + " ord i " + item.paragraphs +
      (item.paragraphs === 1 ? " stycke." : " stycken.");
    box.appendChild(facts);
    (item.notes || []).forEach(function (note) {
      box.appendChild(el("p", {"class": "note"}, "Obs: " + note));
    });
    var fields = el("div");
    field(fields, "title", "Rubrik", item.title);
    field(fields, "municipality", "Kommun (lämna tomt för ingen)", item.municipality);
    field(fields, "partners", "Samarbetskommuner (komma emellan)", (item.partners || []).join(", "));
    field(fields, "published", "Publicerad", item.published, "date");
    field(fields, "updated", "Uppdaterad", item.updated, "date");
    box.appendChild(fields);
    var confirmBox = null;
    if ((item.personal_data || []).length) {
      var warnId = "p" + counter + "-pd";
      box.appendChild(el("p", {"class": "error", id: warnId},
        "Artikeln innehåller personuppgifter (" + item.personal_data.join(", ") +
        (item.personal_data_where ? ") i " + item.personal_data_where : ")") +
        ". Den läggs bara till om du bekräftar att uppgifterna ska publiceras. Ta annars bort " +
        "dem ur filen och förhandsgranska igen."));
      var confirmLabel = el("label", {"class": "confirm", "for": warnId + "-ok"});
      confirmBox = el("input", {type: "checkbox", id: warnId + "-ok", "aria-describedby": warnId});
      confirmLabel.appendChild(confirmBox);
      confirmLabel.appendChild(document.createTextNode(
        " Jag har kontrollerat personuppgifterna och de ska publiceras"));
      box.appendChild(confirmLabel);
    }
    var result = el("p", {role: "status", "aria-live": "polite"});
    var button = el("button", {type: "button"}, "Lägg till artikeln");
    button.addEventListener("click", function () {
      var v = values(fields);
      if (confirmBox && !confirmBox.checked) {
        result.className = "error";
        result.textContent = "Artikeln läggs inte till: kryssa i att personuppgifterna ska " +
          "publiceras, eller ta bort dem ur filen.";
        confirmBox.focus();
        return;
      }
      if (confirmBox) v.allow_personal_data = "1";
      button.disabled = true;
      result.textContent = "Lägger till …";
      var sent;
      if (source.url) {
        v.url = source.url;
        sent = send("POST", api, v, true);
      } else {
        var data = new FormData();
        data.append("files", source.file, source.file.name);
        for (var k in v) data.append(k, v[k]);
        sent = send("POST", api, data, false);
      }
      sent.then(function (r) {
        var got = (r.data.articles || [])[0] || r.data;
        if (r.status === 201 && got.id) {
          result.className = "ok";
          result.textContent = "";
          result.appendChild(document.createTextNode("Tillagd: "));
          var link = el("a", {href: base + "/" + got.url}, got.title);
          result.appendChild(link);
          result.appendChild(document.createTextNode(" (" + got.id + "). Den kan nu ge svar."));
          button.remove();
          refreshList("Listan är uppdaterad.");
        } else {
          button.disabled = false;
          result.className = "error";
          result.textContent = got.error || r.data.error || "Artikeln kunde inte läggas till.";
        }
      });
    });
    box.appendChild(button);
    box.appendChild(result);
    previews.appendChild(box);
  }

  drop.addEventListener("dragover", function (ev) { ev.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
  drop.addEventListener("drop", function (ev) {
    ev.preventDefault();
    drop.classList.remove("over");
    dropped = Array.prototype.slice.call(ev.dataTransfer.files);
    status.textContent = dropped.length + " filer valda. Välj Förhandsgranska.";
    showChosen(dropped);
  });
  // the browser's own "Choose Files / No file chosen" follows its language,
  // not the page's: the page names the choice itself
  var chosen = document.getElementById("files-chosen");
  function showChosen(list) {
    var n = list.length;
    chosen.textContent = n === 0 ? "Ingen fil vald" : n === 1 ? list[0].name : n + " filer valda";
  }
  filesInput.addEventListener("change", function () { dropped = null; showChosen(filesInput.files); });

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var files = dropped || Array.prototype.slice.call(filesInput.files);
    var url = urlInput.value.trim();
    previews.textContent = "";
    if (!files.length && !url) {
      status.textContent = "Välj en eller flera filer eller klistra in en webbadress.";
      return;
    }
    status.textContent = "Läser …";
    var jobs = [];
    if (files.length) {
      var data = new FormData();
      files.forEach(function (f) { data.append("files", f, f.name); });
      jobs.push(send("POST", api + "?dry_run=1", data, false).then(function (r) {
        var items = r.data.articles || [r.data];
        items.forEach(function (item, i) {
          showPreview(item.file ? item : {file: "Filerna", status: "error", error: r.data.error},
                      {file: files[i]});
        });
      }));
    }
    if (url) {
      jobs.push(send("POST", api + "?dry_run=1", {url: url}, true).then(function (r) {
        var item = (r.data.articles || [])[0] || {file: url, status: "error", error: r.data.error};
        showPreview(item, {url: url});
      }));
    }
    Promise.all(jobs).then(function () {
      status.textContent = "Kontrollera uppgifterna och välj Lägg till artikeln.";
      var first = previews.querySelector("h3");
      if (first) { first.setAttribute("tabindex", "-1"); first.focus(); }
    });
  });

  function bindList() {
    document.querySelectorAll("form.edit").forEach(function (f) {
      f.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var v = values(f);
        v.partners = v.partners ? v.partners.split(",").map(function (p) { return p.trim(); })
          .filter(Boolean) : [];
        send("PATCH", api + "/" + encodeURIComponent(f.getAttribute("data-id")), v, true)
          .then(function (r) {
            var say = document.getElementById("list-status");
            if (r.status === 200) refreshList("Ändringarna är sparade: " + r.data.title + ".");
            else say.textContent = r.data.error || "Kunde inte spara.";
          });
      });
    });
    document.querySelectorAll("button.remove").forEach(function (b) {
      b.addEventListener("click", function () {
        if (!window.confirm("Ta bort " + b.getAttribute("data-title") + "?")) return;
        send("DELETE", api + "/" + encodeURIComponent(b.getAttribute("data-id")), null, false)
          .then(function (r) {
            var say = document.getElementById("list-status");
            if (r.status === 200) refreshList("Artikeln är borttagen.");
            else say.textContent = r.data.error || "Kunde inte ta bort.";
          });
      });
    });
  }
  bindList();
})();
