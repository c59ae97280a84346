// Berth UI: copy buttons and live repository search. Pages work without this script.
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      try {
        document.execCommand("copy") ? resolve() : reject(new Error("copy refused"));
      } catch (e) {
        reject(e);
      } finally {
        document.body.removeChild(area);
      }
    });
  }

  var live = null;
  function announce(message) {
    if (!live) {
      live = document.createElement("div");
      live.className = "visually-hidden";
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
    }
    live.textContent = message;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) {
      return;
    }
    event.preventDefault();
    var value = button.getAttribute("data-copy");
    copyText(value).then(function () {
      button.classList.add("copied");
      var label = button.querySelector(".copy-text");
      var before = label ? label.textContent : null;
      if (label) {
        label.textContent = "Copied";
      }
      announce("Copied to clipboard");
      setTimeout(function () {
        button.classList.remove("copied");
        if (label) {
          label.textContent = before;
        }
      }, 1500);
    }, function () {
      announce("Could not copy; select the text instead");
    });
  });

  // Live search: fetch the same page with the new query and swap in its results fragment.
  function liveSearch(form) {
    var target = document.getElementById(form.getAttribute("data-live-search"));
    var input = form.querySelector("input[type=search]");
    if (!target || !input) {
      return;
    }
    var timer = null;
    var pending = null;
    function run() {
      var params = new URLSearchParams(new FormData(form));
      if (!params.get("q")) {
        params.delete("q");
      }
      var query = params.toString();
      var url = form.getAttribute("action") + (query ? "?" + query : "");
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      fetch(url, { headers: { "X-Requested-With": "fetch" }, signal: pending.signal, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.text();
        })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.getElementById(target.id);
          if (fresh) {
            target.replaceWith(fresh);
            target = fresh;
            history.replaceState(null, "", url);
          }
        })
        .catch(function (error) {
          if (error.name !== "AbortError") {
            form.submit();
          }
        });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 180);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      run();
    });
  }

  // "/" focuses the search box, as on most code hosts; Escape closes an open menu.
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (event.key === "/" && tag !== "input" && tag !== "textarea") {
      var search = document.querySelector("input[type=search]");
      if (search) {
        event.preventDefault();
        search.focus();
        search.select();
      }
    }
    if (event.key === "Escape") {
      document.querySelectorAll("details.menu[open]").forEach(function (menu) {
        menu.removeAttribute("open");
        var summary = menu.querySelector("summary");
        if (summary) {
          summary.focus();
        }
      });
    }
  });

  // Only one pull menu open at a time.
  document.addEventListener("toggle", function (event) {
    var opened = event.target;
    if (opened.matches && opened.matches("details.menu") && opened.open) {
      document.querySelectorAll("details.menu[open]").forEach(function (menu) {
        if (menu !== opened) {
          menu.removeAttribute("open");
        }
      });
    }
  }, true);

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-live-search]").forEach(liveSearch);
  });
})();
