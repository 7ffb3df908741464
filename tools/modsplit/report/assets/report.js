// Sorting, filtering and matrix highlighting for the modsplit report. No network, no libraries.
(function () {
  "use strict";

  function sortKey(cell, numeric) {
    if (!cell) {
      return numeric ? -Infinity : "";
    }
    if (numeric) {
      var value = parseFloat(cell.getAttribute("data-sort") || cell.textContent.replace(/,/g, ""));
      return isNaN(value) ? -Infinity : value;
    }
    return cell.textContent.trim().toLowerCase();
  }

  function sortTable(table, column, header) {
    var numeric = header.getAttribute("data-numeric") === "1";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(header.parentNode.cells, function (other) {
      other.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (row, index) {
      return { row: row, key: sortKey(row.cells[column], numeric), index: index };
    });
    keyed.sort(function (a, b) {
      if (a.key < b.key) { return ascending ? -1 : 1; }
      if (a.key > b.key) { return ascending ? 1 : -1; }
      return a.index - b.index;
    });
    var fragment = document.createDocumentFragment();
    keyed.forEach(function (item) { fragment.appendChild(item.row); });
    body.appendChild(fragment);
  }

  function makeSortable(table) {
    if (!table.tHead || !table.tBodies.length) {
      return;
    }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      header.tabIndex = 0;
      header.title = "Sort by " + header.textContent.trim();
      header.addEventListener("click", function () { sortTable(table, column, header); });
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sortTable(table, column, header);
        }
      });
    });
  }

  function makeFilter(input) {
    var table = document.getElementById(input.getAttribute("data-table"));
    if (!table) {
      return;
    }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var shown = input.parentNode.querySelector(".shown");
    input.addEventListener("input", function () {
      var terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var count = 0;
      rows.forEach(function (row, index) {
        var match = terms.every(function (term) { return texts[index].indexOf(term) !== -1; });
        row.hidden = !match;
        if (match) { count += 1; }
      });
      shown.textContent = terms.length ? count + " of " + rows.length + " rows" : "";
    });
  }

  function highlightMatrix(table) {
    var marked = [];
    function clear() {
      marked.forEach(function (element) {
        element.classList.remove("hover", "hover-column", "hover-cell");
      });
      marked = [];
    }
    table.addEventListener("mouseover", function (event) {
      var cell = event.target.closest("td");
      clear();
      if (!cell || cell.classList.contains("layer")) {
        return;
      }
      var row = cell.parentNode;
      var column = cell.cellIndex;
      row.classList.add("hover");
      marked.push(row);
      Array.prototype.forEach.call(table.tBodies[0].rows, function (other) {
        var same = other.cells[column];
        if (same) {
          same.classList.add("hover-column");
          marked.push(same);
        }
      });
      cell.classList.add("hover-cell");
      marked.push(cell);
    });
    table.addEventListener("mouseleave", clear);
  }

  document.querySelectorAll("table.sortable").forEach(makeSortable);
  document.querySelectorAll("input.filter").forEach(makeFilter);
  document.querySelectorAll("table.dsm").forEach(highlightMatrix);
  document.documentElement.setAttribute("data-ready", "yes");
})();
